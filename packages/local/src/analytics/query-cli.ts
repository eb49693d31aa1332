/**
 * `npm run query -- <saved query | SQL> [--format table|json|csv]
 * [--archive <dir>] [--stage <stage> [--workgroup X] [--database Y]]`.
 * Prints the rows on stdout; errors go to stderr as one line and set a
 * non-zero exit code (see query-command.ts).
 */
import { runQueryCommand } from "./query-command";

process.exitCode = await runQueryCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
