//! The `enablekit` command line: parse flags, run a command, print its
//! report, and decide the exit code (0 ok, 1 invalid kit, 2 usage or I/O).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use enablekit::build::{self, BuildOptions, Failure};
use enablekit::diagnostics::{self, Format, Report};

#[derive(Parser)]
#[command(
    name = "enablekit",
    version,
    about = "Build partner enablement portals from plain files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every portal (or those named) as a new version in the output folder.
    Build {
        /// The kit folder (holds kit.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: <root>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Version to publish [default: kit.yaml's `version`].
        #[arg(long)]
        version: Option<String>,
        /// Build only this portal (`internal` or a partner slug); repeatable.
        #[arg(long = "portal", value_name = "SLUG")]
        portals: Vec<String>,
        /// Replace the version if it was already published.
        #[arg(long)]
        replace: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Validate the kit without writing any output.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

fn finish(report: &Report, format: Format, quiet: bool, code: u8) -> ExitCode {
    let base = std::env::current_dir().unwrap_or_default();
    let shown = if quiet {
        Report {
            diagnostics: report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        }
    } else {
        report.clone()
    };
    diagnostics::print(&shown, format, &base);
    ExitCode::from(code)
}

fn failed(f: Failure, format: Format) -> ExitCode {
    match f {
        Failure::Invalid(r) => finish(&r, format, false, 1),
        Failure::Usage(r) => finish(&r, format, false, 2),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            version,
            portals,
            replace,
            quiet,
            format,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let opts = BuildOptions {
                root,
                out: out.clone(),
                version,
                portals,
                replace,
            };
            match build::build(&opts) {
                Ok(b) => {
                    let code = finish(&b.report, format, quiet, 0);
                    if !quiet && format == Format::Human {
                        let ms = b.elapsed.as_secs_f64() * 1000.0;
                        eprintln!(
                            "built {} pages ({} items) into {} portal{} in {ms:.0} ms: version {} in {}",
                            b.pages,
                            b.items,
                            b.portals,
                            if b.portals == 1 { "" } else { "s" },
                            b.version,
                            out.display()
                        );
                    }
                    code
                }
                Err(f) => failed(f, format),
            }
        }
        Command::Check { root, format } => match build::check(&root, build::build_time().date()) {
            Ok(r) => finish(&r, format, false, 0),
            Err(f) => failed(f, format),
        },
    }
}
