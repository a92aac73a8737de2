//! `bindgen INPUT.wasm OUT_DIR NAME`: the wasm-bindgen step of the site build (scripts/lib.sh,
//! `build_site`), what `wasm-bindgen --target web --no-typescript --out-name NAME` does.
//!
//! It is the library behind the `wasm-bindgen` CLI, built here instead of installing the CLI: the
//! version then always matches the `wasm-bindgen` crate the WASM was compiled with (Cargo.lock pins
//! both), and it compiles in seconds with the workspace's dependencies rather than minutes with
//! the CLI's own (an HTTP server and client for its test runner).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, name] = args.as_slice() else {
        eprintln!("usage: bindgen INPUT.wasm OUT_DIR NAME");
        return ExitCode::from(2);
    };
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    let result = bindgen
        .input_path(input)
        .out_name(name)
        .typescript(false)
        .demangle(true)
        .web(true)
        .and_then(|b| b.generate(out_dir));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bindgen: {e:#}");
            ExitCode::FAILURE
        }
    }
}
