//! `cargo xtask <command>`: the project's set-up and test entry points.

mod csp;
mod exec;
mod merge_wasm;
mod precompress;
mod shared_code;
mod split;
mod testing;
mod tools;

use std::process::ExitCode;

use exec::Failure;

const USAGE: &str = "\
usage: cargo xtask <command>

  demo [--port N]   install what is missing, build the console, serve it on the demo portal (default port 8080)
  test              install what is missing, then run every test: native, browser (Chromium, Firefox), end-to-end
  dist              install what is missing and build the console into dist/
  bench             size and speed figures, medians of repeated runs in headless Chromium (into target/bench.txt)
  screenshots       PNGs of every screen, light and dark, 1280 and 390 px wide, into target/screenshots/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => testing::run_all(),
        Some("dist") => tools::ensure_build_tools().and_then(|_| tools::build_console()),
        Some("screenshots") => run_e2e_bin("screenshots"),
        Some("bench") => run_e2e_bin("bench"),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the console, then runs one of the e2e crate's programs against it.
fn run_e2e_bin(name: &str) -> Result<(), Failure> {
    tools::ensure_build_tools()?;
    tools::ensure_browsers()?;
    tools::build_console()?;
    exec::run(exec::cargo().args(["run", "--quiet", "-p", "e2e", "--bin", name]))
}

fn demo(args: &[String]) -> Result<(), Failure> {
    let port = match args {
        [] => "8080".to_owned(),
        [flag, port] if flag == "--port" && port.parse::<u16>().is_ok() => port.clone(),
        _ => return Err(Failure(format!("demo takes only --port N\n{USAGE}"))),
    };
    tools::ensure_build_tools()?;
    tools::build_console()?;
    let dist = tools::root().join("dist");
    exec::run(
        exec::cargo()
            .args([
                "run",
                "--quiet",
                "-p",
                "demo-portal",
                "--",
                "--port",
                &port,
                "--dist",
            ])
            .arg(dist),
    )
}
