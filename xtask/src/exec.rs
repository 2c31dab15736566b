//! Running other programs, with the project's tool folders on PATH.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use crate::tools;

/// Why a task stopped, in words for the person who ran it.
#[derive(Debug)]
pub struct Failure(pub String);

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// PATH with the npm tools of the project and cargo's binaries first, so the pinned versions win.
pub fn tool_path() -> OsString {
    let mut dirs = vec![tools::root().join("node_modules/.bin"), cargo_bin()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_default()
}

pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", tool_path()).current_dir(tools::root());
    command
}

pub fn cargo() -> Command {
    command(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

pub fn describe(command: &Command) -> String {
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        args.join(" ")
    )
}

/// Runs a command to completion with its output shown; a non-zero exit is a failure.
pub fn run(command: &mut Command) -> Result<(), Failure> {
    let line = describe(command);
    println!("==> {line}");
    let status = command
        .status()
        .map_err(|e| Failure(format!("cannot run `{line}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("`{line}` failed ({status})")))
    }
}

/// The first line a program prints, or None if it cannot be run.
pub fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program).args(args).output().ok()?;
    let text = if output.stdout.is_empty() {
        output.stderr
    } else {
        output.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .next()
        .map(str::trim)
        .map(str::to_owned)
}
