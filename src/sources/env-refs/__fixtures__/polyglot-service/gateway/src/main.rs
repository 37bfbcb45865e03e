use std::env;

fn main() {
    // env::var("COMMENTED_OUT")
    let port = env::var("GATEWAY_PORT").unwrap_or_else(|_| "8080".to_string());
    let upstream = std::env::var("UPSTREAM_URL").expect("UPSTREAM_URL must be set");
    let debug = env::var_os("RUST_LOG").is_some();
    let build = env!("CARGO_PKG_VERSION");
    println!("{port} {upstream} {debug} {build}");
}
