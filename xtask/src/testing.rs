//! `cargo xtask test`: every test, part by part, with each part's counts and one total at the end.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::exec::{self, Failure};
use crate::tools;

#[derive(Default)]
struct Outcome {
    passed: u64,
    failed: u64,
    ignored: u64,
    /// The part's command exited non-zero (a test failed, or it did not build).
    broken: bool,
}

/// Adds up libtest's `test result: ok. 3 passed; 0 failed; 1 ignored; ...` lines.
fn add_counts(line: &str, outcome: &mut Outcome) {
    let Some(rest) = line.trim().strip_prefix("test result:") else {
        return;
    };
    for part in rest.split([';', '.']) {
        let mut words = part.split_whitespace();
        let (Some(number), Some(word)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match word {
            "passed" => outcome.passed += number,
            "failed" => outcome.failed += number,
            "ignored" => outcome.ignored += number,
            _ => {}
        }
    }
}

/// The temporary folder of every part: browsers leave a profile of ~90 MB in it per session when their driver is
/// stopped, so it is emptied before and after a run rather than left to fill the disk.
fn scratch() -> std::path::PathBuf {
    tools::root().join("target").join("test-scratch")
}

fn empty_scratch() {
    let _ = std::fs::remove_dir_all(scratch());
}

/// Runs one part, echoing its output while counting its results.
fn run_part(command: &mut Command) -> Outcome {
    let mut outcome = Outcome::default();
    if std::fs::create_dir_all(scratch()).is_ok() {
        command.env("TMPDIR", scratch());
    }
    println!("==> {}", exec::describe(command));
    let child = command.stdout(Stdio::piped()).spawn();
    let Ok(mut child) = child else {
        eprintln!("cannot start the command");
        return Outcome {
            broken: true,
            ..outcome
        };
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            add_counts(&line, &mut outcome);
        }
    }
    outcome.broken = !child.wait().is_ok_and(|status| status.success());
    outcome
}

/// Browser test files (`tests/browser*.rs` of the console), run by `wasm-bindgen-test-runner` under a WebDriver.
fn browser_tests(driver_var: &str, driver: &std::path::Path) -> Command {
    let mut command = exec::cargo();
    command.args([
        "test",
        "--no-fail-fast",
        "-p",
        "license-console",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    let mut files: Vec<String> = std::fs::read_dir(tools::root().join("tests"))
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            entry
                .ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".rs")
                .filter(|name| name.starts_with("browser"))
                .map(str::to_owned)
        })
        .collect();
    files.sort();
    for file in files {
        command.args(["--test", &file]);
    }
    command
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env(driver_var, driver)
        // The 5 s default is too short on a loaded 2-core machine.
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
    command
}

pub fn run_all() -> Result<(), Failure> {
    tools::ensure_build_tools()?;
    tools::ensure_browsers()?;
    tools::ensure_web_server()?;
    empty_scratch();
    let mut results: Vec<(&str, Outcome)> = Vec::new();

    results.push((
        "native",
        run_part(exec::cargo().args(["test", "--no-fail-fast", "--workspace", "--exclude", "e2e"])),
    ));
    results.push((
        "browser, Chromium",
        run_part(&mut browser_tests(
            "CHROMEDRIVER",
            "/usr/bin/chromedriver".as_ref(),
        )),
    ));
    results.push((
        "browser, Firefox",
        run_part(&mut browser_tests("GECKODRIVER", &tools::geckodriver())),
    ));
    match tools::build_console() {
        Ok(()) => {
            let e2e = || {
                let mut command = exec::cargo();
                command
                    .args(["test", "--no-fail-fast", "-p", "e2e"])
                    .env("LICENSE_CONSOLE_DIST", tools::root().join("dist"));
                command
            };
            results.push(("end-to-end", run_part(&mut e2e())));
            // Who holds what, and changes of user type, again against a portal that sends only the fields the API documents.
            results.push((
                "documented fields",
                run_part(
                    e2e()
                        .args([
                            "--test",
                            "members",
                            "--test",
                            "directory",
                            "--test",
                            "operations",
                            "--test",
                            "user_types",
                        ])
                        .env("E2E_DOCUMENTED_ONLY", "1"),
                ),
            ));
        }
        Err(Failure(message)) => {
            eprintln!("{message}");
            let broken = Outcome {
                broken: true,
                ..Outcome::default()
            };
            results.push(("end-to-end", broken));
        }
    }

    empty_scratch();
    println!("\nSummary");
    let (mut passed, mut failed) = (0, 0);
    for (name, outcome) in &results {
        let note = if outcome.broken && outcome.failed == 0 {
            "  (did not complete: see above)"
        } else {
            ""
        };
        println!(
            "  {name:<18} {:>4} passed, {:>3} failed, {:>3} ignored{note}",
            outcome.passed, outcome.failed, outcome.ignored
        );
        passed += outcome.passed;
        failed += outcome.failed + u64::from(outcome.broken && outcome.failed == 0);
    }
    println!("{passed} passed, {failed} failed");
    let ran_nothing = results.iter().any(|(_, o)| o.passed == 0 && !o.broken);
    if failed > 0 || ran_nothing {
        let why = if ran_nothing {
            "a part ran no test"
        } else {
            "some tests failed"
        };
        return Err(Failure(why.into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_and_wasm_bindgen_test_summaries() {
        let mut outcome = Outcome::default();
        add_counts("test result: ok. 29 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s", &mut outcome);
        add_counts(
            "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.05s",
            &mut outcome,
        );
        add_counts("test something ... ok", &mut outcome);
        assert_eq!(
            (outcome.passed, outcome.failed, outcome.ignored),
            (32, 1, 2)
        );
    }
}
