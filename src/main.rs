//! The `lectio` binary: parse arguments, run a command from the library, map the outcome to an
//! exit code. Everything else lives in the library.

mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::main())
}
