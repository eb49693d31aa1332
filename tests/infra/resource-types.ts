/**
 * Reads the hand-written `sst-env.d.ts`: the `Resource` names handlers
 * use, with their property names and declared `type`. Links must match it
 * exactly, or a handler reads a property that is not there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One `Resource.X` as declared: its properties and its `type` literal. */
export interface DeclaredResource {
  properties: string[];
  type: string | undefined;
}

/**
 * The `Resource` interface of `sst-env.d.ts`, by resource name.
 *
 * @param root - the repo root
 */
export function declaredResources(
  root: string,
): Record<string, DeclaredResource> {
  const file = path.join(root, "sst-env.d.ts");
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
  );

  const declared: Record<string, DeclaredResource> = {};
  visit(source, (node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "Resource") {
      return;
    }
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      if (!ts.isTypeLiteralNode(member.type)) continue;
      declared[nameOf(member.name)] = describe(member.type);
    }
  });
  return declared;
}

function describe(shape: ts.TypeLiteralNode): DeclaredResource {
  const properties: string[] = [];
  let type: string | undefined;

  for (const member of shape.members) {
    if (!ts.isPropertySignature(member) || !member.name) continue;
    const name = nameOf(member.name);
    properties.push(name);

    const literal = member.type;
    if (name === "type" && literal && ts.isLiteralTypeNode(literal)) {
      type = ts.isStringLiteral(literal.literal) ? literal.literal.text : type;
    }
  }
  return { properties: properties.sort(), type };
}

function nameOf(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name)
    ? name.text
    : name.getText();
}

function visit(node: ts.Node, callback: (node: ts.Node) => void) {
  callback(node);
  ts.forEachChild(node, (child) => visit(child, callback));
}
