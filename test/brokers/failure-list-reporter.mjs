// A web-test-runner reporter that writes every failed test (file, suite path, error) to a JSON file.
// The default reporter prints a failure next to its file, in the middle of a long log; a CI log that
// keeps only its head and tail would lose it. dev/browser-tests.mjs prints this list last.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export function failureListReporter({ file }) {
  return {
    stop({ sessions }) {
      const failures = [];
      for (const session of sessions) {
        for (const error of session.errors ?? []) {
          failures.push({
            file: relative(process.cwd(), session.testFile),
            test: '(the file itself)',
            error: firstLines(error),
          });
        }
        collect(relative(process.cwd(), session.testFile), session.testResults, [], failures);
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(failures, null, 2));
    },
  };
}

function collect(testFile, suite, path, failures) {
  if (!suite) return;
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests) {
    if (!test.passed && !test.skipped) {
      failures.push({
        file: testFile,
        test: [...here, test.name].join(' › '),
        error: firstLines(test.error),
      });
    }
  }
  for (const child of suite.suites) collect(testFile, child, here, failures);
}

/** The message and the top of the stack: enough to find the line, short enough for a CI log. */
function firstLines(error) {
  if (!error) return 'no error was reported';
  const text = [
    error.message,
    error.expected !== undefined ? `expected: ${error.expected}\nactual: ${error.actual}` : '',
    error.stack ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  return text.split('\n').slice(0, 12).join('\n');
}
