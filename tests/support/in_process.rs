//! Running the command line in-process, for the CLI tests that need no separate binary
//! (`#[path = "support/in_process.rs"] mod in_process;`).

/// Runs `trustmap ARGS` through `cli::run`: `(exit code, stdout, stderr)`, both UTF-8 (the test crates expect
/// `unwrap_used`); opening the editor counts as 99.
pub fn run(args: &[&str]) -> (u8, String, String) {
    let argv = std::iter::once("trustmap").chain(args.iter().copied()).map(std::ffi::OsString::from);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = match trustmap::cli::run(argv, &mut out, &mut err) {
        trustmap::cli::Outcome::Exit(code) => code,
        trustmap::cli::Outcome::OpenEditor(_) => 99,
    };
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}
