//! The `enablekit` command line: parse flags, run a command, print its
//! report, and decide the exit code (0 ok, 1 invalid kit, 2 usage or I/O).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use enablekit::cmd::build::{self, BuildOptions, Failure};
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
        /// Also print each portal built.
        #[arg(long, short, conflicts_with = "quiet")]
        verbose: bool,
        /// How to print problems: `human` on stderr, or `json` (one object per line) on stdout.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Validate the kit without writing any output.
    Check {
        /// The kit folder (holds kit.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems: `human` on stderr, or `json` (one object per line) on stdout.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat content past its `review_by` date, and placeholder text, as errors.
        #[arg(long)]
        strict: bool,
        /// Also request every external http(s) link (off by default).
        #[arg(long)]
        external: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Build, serve on localhost, rebuild on every save and reload the browser.
    Serve {
        /// The kit folder (holds kit.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// Address to bind; the default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Serve only this portal; repeatable.
        #[arg(long = "portal", value_name = "SLUG")]
        portals: Vec<String>,
    },
    /// Generate a web server config that puts every portal of a built output
    /// folder behind its own credentials, and write their htpasswd files.
    HostConfig {
        /// The web server to configure.
        #[arg(long, value_enum, default_value = "nginx")]
        server: Server,
        /// The kit folder: nothing secret is written inside it.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built output folder [default: <root>/public].
        #[arg(long = "out-dir", visible_alias = "out", value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Write the config to this file [default: standard output].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// YAML file of `portal: user:password` entries, kept outside the kit;
        /// `ENABLEKIT_AUTH_<PORTAL>` variables override it.
        #[arg(long, value_name = "FILE")]
        secrets: Option<PathBuf>,
        /// Where to write one htpasswd file per portal [default: the folder of `--config`].
        #[arg(long, value_name = "DIR")]
        htpasswd_dir: Option<PathBuf>,
        /// Address and port the server listens on.
        #[arg(long, value_name = "ADDR:PORT", default_value = enablekit::cmd::host_config::DEFAULT_LISTEN)]
        listen: String,
        /// The server_name of the generated server block.
        #[arg(long, value_name = "NAME")]
        server_name: Option<String>,
    },
    /// Create a new kit that builds at once.
    Init {
        /// The folder to create the kit in (created if missing).
        dir: PathBuf,
        /// Also copy the built-in theme into themes/default/ for customising.
        #[arg(long)]
        theme: bool,
    },
    /// Create a content item (`one-pager`, `objection`, `case-study`, a
    /// collection folder name) or a partner profile (`partner`).
    New {
        /// What to create: `one-pager`, `objection`, `case-study`, a collection folder, or `partner`.
        kind: String,
        /// Its title (or the partner's name); the file name is made from it.
        title: String,
        /// The kit folder (holds kit.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Server {
    Nginx,
}

fn scaffold_failed(e: enablekit::cmd::scaffold::ScaffoldError) -> ExitCode {
    let d = enablekit::diagnostics::Diagnostic::error("E0601", e.to_string()).hint(e.hint());
    finish(
        &Report {
            diagnostics: vec![d],
        },
        Format::Human,
        false,
        2,
    )
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
            verbose,
            format,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let progress = !quiet
                && format == Format::Human
                && std::io::stderr().is_terminal()
                && std::env::var_os("CI").is_none();
            let opts = BuildOptions {
                root,
                out: out.clone(),
                version,
                portals,
                replace,
                progress,
            };
            match build::build(&opts) {
                Ok(b) => {
                    let code = finish(&b.report, format, quiet, 0);
                    if verbose && format == Format::Human {
                        for (dir, pages) in &b.per_portal {
                            eprintln!("  {dir}/{}/: {pages} pages", b.version);
                        }
                    }
                    if !quiet && format == Format::Human && b.unchanged.len() == b.portals {
                        eprintln!(
                            "{} is already published and unchanged in {}: nothing written",
                            b.version,
                            out.display()
                        );
                    } else if !quiet && format == Format::Human {
                        if !b.unchanged.is_empty() {
                            eprintln!(
                                "{} of {} portals already had {} unchanged: {}",
                                b.unchanged.len(),
                                b.portals,
                                b.version,
                                b.unchanged.join(", ")
                            );
                        }
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
        Command::Check {
            root,
            format,
            strict,
            external,
            quiet,
        } => {
            let opts = enablekit::cmd::check::CheckOptions { strict, external };
            match enablekit::cmd::check::check(&root, build::build_time().date(), &opts) {
                Ok(checked) => {
                    let code = finish(&checked.report, format, quiet, 0);
                    if format == Format::Human && !quiet && checked.report.diagnostics.is_empty() {
                        eprintln!("{}", checked.summary());
                    }
                    code
                }
                Err(f) => failed(f, format),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            portals,
        } => {
            let opts = enablekit::cmd::serve::ServeOptions {
                root,
                bind,
                port,
                portals,
            };
            match enablekit::cmd::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => failed(f, Format::Human),
            }
        }
        Command::HostConfig {
            server: Server::Nginx,
            root,
            out_dir,
            config,
            secrets,
            htpasswd_dir,
            listen,
            server_name,
        } => {
            let opts = enablekit::cmd::host_config::HostOptions {
                out: out_dir.unwrap_or_else(|| root.join("public")),
                root,
                config,
                secrets,
                htpasswd_dir,
                listen,
                server_name,
            };
            match enablekit::cmd::host_config::run(&opts, &|key| std::env::var(key).ok()) {
                Ok(hosted) => {
                    let warnings = hosted
                        .warnings
                        .iter()
                        .map(|w| {
                            diagnostics::Diagnostic::warning(w.code(), w.message()).hint(w.hint())
                        })
                        .collect();
                    if opts.config.is_none() {
                        print!("{}", hosted.config);
                    }
                    let code = finish(
                        &Report {
                            diagnostics: warnings,
                        },
                        Format::Human,
                        false,
                        0,
                    );
                    let folder = hosted
                        .htpasswd_files
                        .first()
                        .and_then(|f| f.parent())
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    eprintln!(
                        "{} portal{} protected: htpasswd files in {folder}",
                        hosted.portals.len(),
                        if hosted.portals.len() == 1 { "" } else { "s" },
                    );
                    if let Some(path) = &opts.config {
                        eprintln!(
                            "config written to {}: include it in nginx's http block, then `nginx -t && nginx -s reload`",
                            path.display()
                        );
                    }
                    code
                }
                Err(errors) => {
                    let diagnostics = errors
                        .iter()
                        .map(|e| {
                            diagnostics::Diagnostic::error(e.code(), e.to_string()).hint(e.hint())
                        })
                        .collect();
                    finish(&Report { diagnostics }, Format::Human, false, 2)
                }
            }
        }
        Command::Init { dir, theme } => {
            match enablekit::cmd::scaffold::init(&dir, build::build_time().date(), theme) {
                Ok(files) => {
                    eprintln!(
                        "created a kit with {} files in {}",
                        files.len(),
                        dir.display()
                    );
                    eprintln!(
                        "next: cd {} && enablekit serve   (preview every portal; add content with `enablekit new objection \"…\"`)",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(e),
            }
        }
        Command::New { kind, title, root } => {
            // Only kit.yaml matters here: `new` works while other files are broken.
            if let Err(d) = enablekit::load::require_kit(&root) {
                return finish(
                    &Report {
                        diagnostics: vec![*d],
                    },
                    Format::Human,
                    false,
                    2,
                );
            }
            let path = root.join("kit.yaml");
            let parsed = enablekit::load::read_text(&path)
                .map_err(|d| vec![*d])
                .and_then(|text| enablekit::model::config::Config::parse(&path, &text));
            let config = match parsed {
                Ok((c, _)) => c,
                Err(ds) => return finish(&Report { diagnostics: ds }, Format::Human, false, 2),
            };
            let today = build::build_time().date();
            let interval = config.review_interval_days;
            let created =
                enablekit::cmd::scaffold::new_file(&root, &config, &kind, &title, today, interval)
                    .and_then(|(path, text)| {
                        enablekit::cmd::scaffold::write_new(&path, &text).map(|()| path)
                    });
            match created {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(e),
            }
        }
    }
}
