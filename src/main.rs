fn main() -> std::process::ExitCode {
    layerlint::cli::main()
}
