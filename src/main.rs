fn main() {
    license_console::start();
}
