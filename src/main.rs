#[cfg(target_arch = "wasm32")]
fn main() {
    license_console::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("License Console runs in a browser: build it with `trunk build --release`, or run `cargo xtask demo`.");
    std::process::exit(2);
}
