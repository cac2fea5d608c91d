use std::process::ExitCode;

fn main() -> ExitCode {
    connect_error_page::cli::run()
}
