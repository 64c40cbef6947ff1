//! The `enablekit` command line: parse flags, resolve them into a
//! command's options, run it, print its report, and decide the exit code
//! (0 ok, 1 invalid kit, 2 usage or I/O) in one place, [`main`]. It holds
//! no command logic: that is `enablekit::cmd`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use enablekit::cmd::build::{self, BuildOptions, Built, Failure, build_time};
use enablekit::cmd::{check, diff, host_config, scaffold, serve};
use enablekit::diagnostics::{self, Diagnostic, Format, Report};

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
    Build(BuildArgs),
    /// Validate the kit without writing any output.
    Check(CheckArgs),
    /// What a release changes for each portal: pages added, updated and
    /// removed, and pages a partner gains or loses, with the reason.
    Diff(DiffArgs),
    /// Build, serve on localhost, rebuild on every save and reload the browser.
    Serve(ServeArgs),
    /// Generate a web server config that puts every portal of a built output
    /// folder behind its own credentials, and write their htpasswd files.
    HostConfig(HostConfigArgs),
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

#[derive(Args)]
struct BuildArgs {
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
    /// A preview for reviewers: include `draft: true` pages (with a Draft
    /// banner) into a folder of its own; never a release output.
    #[arg(long, requires = "out")]
    drafts: bool,
    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
    /// Also print each portal built.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
    /// How to print problems: `human` on stderr, or `json` (one object per line) on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            out: self.out(),
            version: self.version.clone(),
            portals: self.portals.clone(),
            replace: self.replace,
            drafts: self.drafts,
            // A bar only where a person watches it.
            progress: !self.quiet
                && self.format == Format::Human
                && std::io::stderr().is_terminal()
                && std::env::var_os("CI").is_none(),
        }
    }

    fn out(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Args)]
struct CheckArgs {
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
}

impl CheckArgs {
    fn options(&self) -> check::CheckOptions {
        check::CheckOptions {
            strict: self.strict,
            external: self.external,
        }
    }
}

#[derive(Args)]
struct DiffArgs {
    /// The kit folder (holds kit.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder holding the published versions [default: <root>/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The older version [default: the one before `--to`; with `--working`, the latest].
    #[arg(long, value_name = "VERSION")]
    from: Option<String>,
    /// The newer version [default: the latest published].
    #[arg(long, value_name = "VERSION", conflicts_with = "working")]
    to: Option<String>,
    /// Compare with the kit as it is now (nothing is built or written).
    #[arg(long)]
    working: bool,
    /// `human`, or `json` on stdout (for a pull-request job to post).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Args)]
struct ServeArgs {
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
    /// Also show `draft: true` pages, with a Draft banner, for review.
    #[arg(long)]
    drafts: bool,
}

impl ServeArgs {
    fn options(self) -> serve::ServeOptions {
        serve::ServeOptions {
            root: self.root,
            bind: self.bind,
            port: self.port,
            portals: self.portals,
            drafts: self.drafts,
        }
    }
}

#[derive(Args)]
struct HostConfigArgs {
    /// The web server to configure: nginx (a password per person), or
    /// Apache with mod_auth_openidc (single sign-on, `--sso oidc`).
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
    #[arg(long, value_name = "ADDR:PORT", default_value = host_config::DEFAULT_LISTEN)]
    listen: String,
    /// The server_name of the generated server block.
    #[arg(long, value_name = "NAME")]
    server_name: Option<String>,
    /// Print who can open which portal and since when (the quarterly
    /// access review) instead of writing anything.
    #[arg(long)]
    report: bool,
    /// Single sign-on: `oidc` (OpenID Connect, with `--server apache`);
    /// the identity provider authenticates, the kit's profiles authorise.
    #[arg(long, value_enum, requires_all = ["oidc_issuer", "oidc_client_id"])]
    sso: Option<Sso>,
    /// With `--sso oidc`: the identity provider's issuer URL.
    #[arg(long, value_name = "URL", requires = "sso")]
    oidc_issuer: Option<String>,
    /// With `--sso oidc`: this server's client ID at the identity provider.
    #[arg(long, value_name = "ID", requires = "sso")]
    oidc_client_id: Option<String>,
    /// With `--report`: `human`, or `json` on stdout.
    #[arg(long, value_enum, default_value = "human", requires = "report")]
    format: Format,
}

impl HostConfigArgs {
    fn options(self) -> host_config::HostOptions {
        let sso = match (self.sso, self.oidc_issuer, self.oidc_client_id) {
            (Some(Sso::Oidc), Some(issuer), Some(client_id)) => {
                Some(host_config::SsoOptions { issuer, client_id })
            }
            _ => None,
        };
        host_config::HostOptions {
            server: match self.server {
                Server::Nginx => host_config::Server::Nginx,
                Server::Apache => host_config::Server::Apache,
            },
            sso,
            out: self.out_dir.unwrap_or_else(|| self.root.join("public")),
            root: self.root,
            config: self.config,
            secrets: self.secrets,
            htpasswd_dir: self.htpasswd_dir,
            listen: self.listen,
            server_name: self.server_name,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Sso {
    Oidc,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Server {
    Nginx,
    Apache,
}

/// A command that failed, with how to print its report: `main` prints it
/// and picks the exit code from it.
struct Failed {
    failure: Failure,
    format: Format,
}

impl Failed {
    fn human(failure: Failure) -> Failed {
        Failed {
            failure,
            format: Format::Human,
        }
    }

    /// A refusal, a usage or an I/O error (exit 2).
    fn usage(diagnostics: Vec<Diagnostic>) -> Failed {
        Failed::human(Failure::Usage(Report { diagnostics }))
    }

    fn scaffold(e: scaffold::ScaffoldError) -> Failed {
        Failed::usage(vec![
            Diagnostic::error("E0601", e.to_string()).hint(e.hint()),
        ])
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed { failure, format }) => {
            let (report, code) = match failure {
                Failure::Invalid(report) => (report, 1),
                Failure::Usage(report) => (report, 2),
            };
            show(&report, format, false);
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failed> {
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Diff(args) => diff(&args),
        Command::Serve(args) => serve(args),
        Command::HostConfig(args) => host_config(args),
        Command::Init { dir, theme } => init(&dir, theme),
        Command::New { kind, title, root } => new(&kind, &title, &root),
    }
}

/// Print `report` (only its errors when `quiet`), paths relative to the
/// current folder.
fn show(report: &Report, format: Format, quiet: bool) {
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
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn build(args: &BuildArgs) -> Result<(), Failed> {
    let built = build::build(&args.options()).map_err(|failure| Failed {
        failure,
        format: args.format,
    })?;
    show(&built.report, args.format, args.quiet);
    if args.format != Format::Human {
        return Ok(());
    }
    if args.verbose {
        for (dir, pages) in &built.per_portal {
            eprintln!("  {dir}/{}/: {pages} pages", built.version);
        }
    }
    if !args.quiet {
        print_built(&built, &args.out());
    }
    Ok(())
}

/// The closing line of a build: what was built, or that nothing had to be.
fn print_built(b: &Built, out: &Path) {
    if !b.frozen.is_empty() {
        eprintln!(
            "frozen (partnership ended, no new version): {}",
            b.frozen.join(", ")
        );
    }
    if b.unchanged.len() == b.portals {
        eprintln!(
            "{} is already published and unchanged in {}: nothing written",
            b.version,
            out.display()
        );
        return;
    }
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
        plural(b.portals),
        b.version,
        out.display()
    );
}

fn check(args: &CheckArgs) -> Result<(), Failed> {
    let checked =
        check::check(&args.root, build_time().date(), &args.options()).map_err(|failure| {
            Failed {
                failure,
                format: args.format,
            }
        })?;
    show(&checked.report, args.format, args.quiet);
    if args.format == Format::Human && !args.quiet && checked.report.diagnostics.is_empty() {
        eprintln!("{}", checked.summary());
    }
    Ok(())
}

fn diff(args: &DiffArgs) -> Result<(), Failed> {
    let opts = diff::DiffOptions {
        root: args.root.clone(),
        out: args.out.clone().unwrap_or_else(|| args.root.join("public")),
        from: args.from.clone(),
        to: args.to.clone(),
        working: args.working,
    };
    let found = diff::diff(&opts).map_err(Failed::human)?;
    show(&found.report, Format::Human, false);
    match args.format {
        Format::Human => print!("{}", diff::human(&found)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ),
    }
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), Failed> {
    serve::run(args.options()).map_err(Failed::human)
}

fn host_config(args: HostConfigArgs) -> Result<(), Failed> {
    let (report, format) = (args.report, args.format);
    let opts = args.options();
    let env = |key: &str| std::env::var(key).ok();
    if report {
        let (review, warnings) = host_config::review(&opts, &env).map_err(host_failed)?;
        show_host_warnings(&warnings);
        match format {
            Format::Human => print!("{}", host_config::human_report(&review)),
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&review).unwrap_or_default()
            ),
        }
        return Ok(());
    }
    let hosted = host_config::run(&opts, &env).map_err(host_failed)?;
    show_host_warnings(&hosted.warnings);
    if opts.config.is_none() {
        print!("{}", hosted.config);
    }
    if opts.sso.is_some() {
        eprintln!(
            "{} portal{} behind single sign-on",
            hosted.portals.len(),
            plural(hosted.portals.len())
        );
        if let Some(path) = &opts.config {
            eprintln!(
                "config written to {}: include it in Apache's config, then `apachectl configtest && apachectl graceful`",
                path.display()
            );
        }
        return Ok(());
    }
    let folder = hosted
        .htpasswd_files
        .first()
        .and_then(|f| f.parent())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    eprintln!(
        "{} portal{} protected: htpasswd files in {folder}",
        hosted.portals.len(),
        plural(hosted.portals.len()),
    );
    if let Some(path) = &opts.config {
        eprintln!(
            "config written to {}: include it in nginx's http block, then `nginx -t && nginx -s reload`",
            path.display()
        );
    }
    Ok(())
}

fn host_failed(errors: Vec<host_config::HostError>) -> Failed {
    Failed::usage(
        errors
            .into_iter()
            .map(|e| match e {
                host_config::HostError::Kit(d) => *d,
                e => Diagnostic::error(e.code(), e.to_string()).hint(e.hint()),
            })
            .collect(),
    )
}

fn show_host_warnings(warnings: &[host_config::HostWarning]) {
    let diagnostics = warnings
        .iter()
        .map(|w| Diagnostic::warning(w.code(), w.message()).hint(w.hint()))
        .collect();
    show(&Report { diagnostics }, Format::Human, false);
}

fn init(dir: &Path, theme: bool) -> Result<(), Failed> {
    let files = scaffold::init(dir, build_time().date(), theme).map_err(Failed::scaffold)?;
    eprintln!(
        "created a kit with {} files in {}",
        files.len(),
        dir.display()
    );
    eprintln!(
        "next: cd {} && enablekit serve   (preview every portal; add content with `enablekit new objection \"…\"`)",
        dir.display()
    );
    Ok(())
}

fn new(kind: &str, title: &str, root: &Path) -> Result<(), Failed> {
    // Only kit.yaml matters here: `new` works while other files are broken.
    enablekit::load::require_kit(root).map_err(|d| Failed::usage(vec![*d]))?;
    let path = root.join("kit.yaml");
    let (config, _) = enablekit::load::read_text(&path)
        .map_err(|d| vec![*d])
        .and_then(|text| enablekit::model::config::Config::parse(&path, &text))
        .map_err(Failed::usage)?;
    let today = build_time().date();
    let interval = config.review_interval_days;
    let (path, text) = scaffold::new_file(root, &config, kind, title, today, interval)
        .map_err(Failed::scaffold)?;
    scaffold::write_new(&path, &text).map_err(Failed::scaffold)?;
    println!("{}", path.display());
    Ok(())
}
