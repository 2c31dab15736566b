use std::path::PathBuf;
use std::process::ExitCode;

use demo_portal::{Config, ACCOUNTS};

const USAGE: &str = "usage: demo-portal [--port N] [--host ADDR] [--dist DIR] [--allow-origin ORIGIN]...
       [--kubernetes-version V] [--classic-version V] [--oauth-client-id ID] [--oauth-redirect-uri URI]...
       [--fault PATH=delay:MS|hold|html-login|bad-gateway|drop|truncated-json|refuse|redirect:URL]... [--stress-entries N]
       [--license-issued-for PORTAL_URL] [--members N] [--pro-holders N] [--ignore-sort-order] [--documented-only]
       [--data-dir DIR] [--history-days N] [--journal-entries N]";

fn parse_args() -> Result<Config, String> {
    let mut config = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--port" => {
                config.port = value()?
                    .parse()
                    .map_err(|_| format!("--port takes a number\n{USAGE}"))?
            }
            "--host" => config.host = value()?,
            "--dist" => config.dist = Some(PathBuf::from(value()?)),
            "--allow-origin" => config.allow_origins.push(value()?),
            "--kubernetes-version" => config.kubernetes_version = value()?,
            "--classic-version" => config.classic_version = value()?,
            "--oauth-client-id" => config.oauth.client_id = value()?,
            "--stress-entries" => {
                config.stress_entries = value()?
                    .parse()
                    .map_err(|_| format!("--stress-entries takes a number\n{USAGE}"))?
            }
            "--members" => {
                config.members = value()?
                    .parse()
                    .map_err(|_| format!("--members takes a number\n{USAGE}"))?
            }
            "--pro-holders" => {
                config.pro_holders = value()?
                    .parse()
                    .map_err(|_| format!("--pro-holders takes a number\n{USAGE}"))?
            }
            "--data-dir" => config.data_dir = Some(PathBuf::from(value()?)),
            "--history-days" => {
                config.history_days = value()?
                    .parse()
                    .map_err(|_| format!("--history-days takes a number\n{USAGE}"))?
            }
            "--journal-entries" => {
                config.journal_entries = value()?
                    .parse()
                    .map_err(|_| format!("--journal-entries takes a number\n{USAGE}"))?
            }
            "--ignore-sort-order" => config.quirks.ignore_sort_order = true,
            "--documented-only" => config.quirks.documented_only = true,
            "--oauth-redirect-uri" => config.oauth.redirect_uris.push(value()?),
            "--license-issued-for" => config.license_issued_for = Some(value()?),
            "--fault" => {
                let spec = value()?;
                let (path, fault) = spec
                    .split_once('=')
                    .ok_or_else(|| format!("--fault takes PATH=KIND\n{USAGE}"))?;
                config.faults.push((path.to_owned(), fault.parse()?));
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let serves_console = config.dist.is_some();
    let client_id = config.oauth.client_id.clone();
    let running = match demo_portal::start(config).await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("demo portal: cannot listen: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("Demo portal listening on {}", running.url(""));
    if serves_console {
        println!("  Console:            {}", running.url("/console/"));
    }
    println!("  Kubernetes portal:  {}", running.url("/arcgis"));
    println!("  Classic portal:     {}", running.url("/portal"));
    for (user, password, admin) in ACCOUNTS {
        let role = if admin {
            "administrator"
        } else {
            "member, no admin rights"
        };
        println!("  Sign in as:         {user} / {password}  ({role})");
    }
    println!("  OAuth app client id: {client_id}");
    println!("Press Ctrl-C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    running.task.abort();
    ExitCode::SUCCESS
}
