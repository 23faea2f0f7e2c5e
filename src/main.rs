//! The `trustmap` executable: a thin shell. Native: the command line, or the editor when no command is given.
//! Web (wasm32): the editor in a canvas.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match trustmap::cli::run_to_exit(std::env::args_os(), &mut out, &mut err) {
        trustmap::cli::Outcome::Exit(code) => std::process::ExitCode::from(code),
        trustmap::cli::Outcome::OpenEditor(editor) => {
            drop((out, err));
            open_editor(editor)
        }
    }
}

#[cfg(all(not(target_arch = "wasm32"), feature = "gui"))]
fn open_editor(editor: trustmap::cli::Editor) -> std::process::ExitCode {
    match trustmap::ui::run_native(editor.file, editor.review) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trustmap: cannot open the editor: {error}");
            std::process::ExitCode::from(trustmap::cli::EXIT_UNUSABLE)
        }
    }
}

#[cfg(all(not(target_arch = "wasm32"), not(feature = "gui")))]
fn open_editor(_editor: trustmap::cli::Editor) -> std::process::ExitCode {
    eprintln!("trustmap: this build has no editor (built without the `gui` feature); see `trustmap --help`");
    std::process::ExitCode::from(trustmap::cli::EXIT_UNUSABLE)
}

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(feature = "gui")]
    trustmap::ui::web::start();
}
