//! The portal's one binary: `server [serve]` runs the site, `server import` re-imports the
//! seed content, `server import-indicators` adds figures, `server import-divisions` adds
//! division codes, `server import-holidays` adds a year's holidays, `server backup` copies the
//! SQLite database while it serves, `server bench-villages` and `server bench-limiter` measure
//! the village finder and the limiter's memory, `server create-staff` adds a staff account,
//! `server site` makes the site's files (the stylesheet, `public/`) the server serves.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::config::Config;
use server::import::indicators::read_indicators;
use server::import::Seed;
use server::router;
use server::search::Searcher;
use server::state::{leptos_options, AppState};
use server::storage::{SeedTable, Store};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "server", about = "乡村振兴信息公开门户")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default). Migrates the database and imports the seed content
    /// on first start.
    Serve,
    /// Re-import the seed content. Idempotent: records are updated by their ids.
    Import,
    /// Import figures from a CSV file (columns: id,indicator,region,value,unit,qualifier,
    /// year,kind,quote,document_id,source_section,category,related_industry,notes). Every
    /// row is checked first; if any is wrong, each problem is listed with its line and
    /// nothing is imported.
    ImportIndicators {
        /// The CSV file (UTF-8, with or without BOM).
        file: std::path::PathBuf,
    },
    /// Import administrative divisions (统计用区划代码) from a directory holding
    /// provinces.csv, cities.csv, areas.csv, streets.csv and villages.csv in the layout of
    /// the `china-division` package. Every row is checked first; if any is wrong, each
    /// problem is listed with its file and line and nothing is imported. Idempotent.
    ImportDivisions {
        /// The directory of the five CSV files.
        dir: std::path::PathBuf,
        /// Where the codes come from, shown wherever a code is shown.
        #[arg(
            long,
            default_value = "国家统计局《2023年统计用区划代码和城乡划分代码》（china-division 2.7.0）"
        )]
        source: String,
        /// The codes' cut-off date.
        #[arg(long, default_value = "2023-06-30")]
        cut_off: String,
        /// The codes' publication date.
        #[arg(long, default_value = "2023-09-11")]
        published: String,
    },
    /// Import a year's public holidays and make-up working days (the State Council's
    /// notice) into the working-day calendar, from a CSV file with the columns
    /// date,kind,holiday,source (kind 休 or 班). Every row is checked first; if any is wrong,
    /// each problem is listed with its line and nothing is imported. The years in the file
    /// replace what was stored for them.
    ImportHolidays {
        /// The CSV file (UTF-8, with or without BOM).
        file: std::path::PathBuf,
    },
    /// Measure the village finder: builds it from a directory of division CSV files (the
    /// seed's own when none is given) and times queries typed as households would (汉字,
    /// pinyin initials, full pinyin), printing p50/p95/max. No database is touched.
    BenchVillages {
        /// The directory of the five CSV files.
        dir: Option<std::path::PathBuf>,
    },
    /// Write a consistent copy of the SQLite database to FILE while the portal may be
    /// serving (a new file, readable by its owner only). Back up the key file apart from it.
    /// PostgreSQL is backed up with pg_dump.
    Backup {
        /// The new file (it must not exist).
        file: std::path::PathBuf,
    },
    /// Measure the per-address limiter's memory under a flood of distinct addresses: the
    /// resident memory before, after one million addresses, and after pruning.
    BenchLimiter,
    /// Make the site the server serves (LEPTOS_SITE_ROOT, default target/site) from the
    /// project's sources: the stylesheet style/main.css named by its content (its hash written
    /// to hash.txt beside this binary) and every file of public/, each text file with .br and
    /// .gz copies. Run from the project's root after building; the old site is replaced.
    Site,
    /// Add a staff account. The password is asked for at the terminal (twice, not shown),
    /// or read from the first line of standard input when that is not a terminal; never
    /// from the command line.
    CreateStaff {
        /// Letters, digits, `-`, `_` and `.`.
        #[arg(long)]
        username: String,
        /// village (村), town (乡镇), county (县) or admin (管理员).
        #[arg(long)]
        role: String,
        /// The area's division code: a village (12 digits, 522302109207) for village, a
        /// township (9 digits) for town, a county (6 digits) for county; empty for admin.
        #[arg(long, default_value = "")]
        area: String,
    },
}

/// mimalloc instead of the system allocator: measured with `.ci/bench-throughput`, see
/// ARCHITECTURE.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Log lines (one per request) are written by a thread of their own, so a request never
    // waits on the terminal or the journal; none is dropped (the writer waits when its
    // buffer is full), and what is buffered is written out when the program ends. That
    // thread writes the lines waiting for it in one go and flushes whenever none is left
    // (one system call per batch, not per line: under load a call per line cost a fifth of
    // the requests a second).
    let (writer, _flush_on_exit) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::BufWriter::with_capacity(
            64 * 1024,
            std::io::stdout(),
        ));
    tracing_subscriber::fmt()
        .with_writer(writer)
        // Colours for a terminal only: a journal or a log file gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Import => import(config).await,
        Command::ImportIndicators { file } => import_indicators(config, &file).await,
        Command::ImportDivisions {
            dir,
            source,
            cut_off,
            published,
        } => {
            let source = server::divisions::DivisionSource {
                source,
                cut_off,
                published,
            };
            import_divisions(config, &dir, &source).await
        }
        Command::ImportHolidays { file } => import_holidays(config, &file).await,
        Command::BenchVillages { dir } => bench_villages(dir.as_deref()),
        Command::Backup { file } => backup(config, &file).await,
        Command::BenchLimiter => {
            bench_limiter();
            Ok(())
        }
        Command::Site => site(&config),
        Command::CreateStaff {
            username,
            role,
            area,
        } => create_staff(config, &username, &role, &area).await,
    }
}

fn site(config: &Config) -> anyhow::Result<()> {
    let options = leptos_options(config);
    let hash_file =
        server::site_files::hash_file(&options).context("找不到服务器程序所在的目录")?;
    let sources = std::env::current_dir().context("无法读取当前目录")?;
    let built = server::site_build::build(
        &sources,
        &config.site_root,
        &options.site_pkg_dir,
        &options.output_name,
        &hash_file,
    )?;
    println!(
        "站点：{}（样式表 {}，哈希写入 {}）",
        config.site_root.display(),
        built.stylesheet,
        hash_file.display()
    );
    let (mut raw, mut brotli) = (0, 0);
    for (name, size, compressed) in &built.files {
        println!("{name:<40} {size:>8} B  brotli {compressed:>7} B");
        raw += size;
        brotli += compressed;
    }
    println!(
        "{:<40} {raw:>8} B  brotli {brotli:>7} B",
        format!("{} 个文件", built.files.len())
    );
    Ok(())
}

async fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::open(&config.database_url)
        .await
        .with_context(|| format!("无法打开数据库 {}", config.database_url_for_log()))
}

async fn import(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let seed = Seed::embedded().context("种子数据有误")?;
    let report = store.import_seed(&seed).await?;
    println!("已导入：{report}");
    for table in SeedTable::ALL {
        println!("  {:<20} {} 行", table.name(), store.count(table).await?);
    }
    store.close().await;
    Ok(())
}

async fn import_indicators(config: Config, file: &std::path::Path) -> anyhow::Result<()> {
    let input =
        std::fs::File::open(file).with_context(|| format!("无法打开 {}", file.display()))?;
    let store = open_store(&config).await?;
    if !store.seed_imported().await? {
        store
            .import_seed(&Seed::embedded().context("种子数据有误")?)
            .await?;
    }
    let documents = store.document_ids().await?;
    let industries = store.industry_slugs().await?;
    let rows = match read_indicators(std::io::BufReader::new(input), &documents, &industries) {
        Ok(rows) => rows,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            store.close().await;
            anyhow::bail!(
                "{} 有 {} 处问题，未导入任何数据。请改正后重新导入。",
                file.display(),
                problems.len()
            );
        }
    };
    let bar = indicatif::ProgressBar::new(rows.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 条 {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let imported = store
        .import_indicators(&rows, "命令行导入", || bar.inc(1))
        .await;
    bar.finish_and_clear();
    let imported = imported?;
    println!(
        "已导入 {} 条指标：新增 {} 条，更新 {} 条。",
        rows.len(),
        imported.added,
        imported.updated
    );
    store.close().await;
    Ok(())
}

async fn import_divisions(
    config: Config,
    dir: &std::path::Path,
    source: &server::divisions::DivisionSource,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let divisions = match server::divisions::read_dir(dir) {
        Ok(divisions) => divisions,
        Err(problems) => {
            for problem in problems.iter().take(200) {
                eprintln!("{problem}");
            }
            if problems.len() > 200 {
                eprintln!("……另有 {} 处问题未列出", problems.len() - 200);
            }
            anyhow::bail!(
                "{} 有 {} 处问题，未导入任何数据。请改正后重新导入。",
                dir.display(),
                problems.len()
            );
        }
    };
    println!(
        "已检查 {} 条区划（村级 {} 个），用时 {:.1} 秒。",
        divisions.len(),
        divisions
            .iter()
            .filter(|d| d.level == server::divisions::VILLAGE)
            .count(),
        started.elapsed().as_secs_f64()
    );
    let store = open_store(&config).await?;
    if !store.seed_imported().await? {
        store
            .import_seed(&Seed::embedded().context("种子数据有误")?)
            .await?;
    }
    let bar = indicatif::ProgressBar::new(divisions.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 条 {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let imported = store
        .import_divisions(&divisions, source, |n| bar.inc(n))
        .await;
    bar.finish_and_clear();
    let imported = imported?;
    store.close().await;
    println!(
        "已导入 {} 条区划（村级 {} 个），用时 {:.1} 秒；示范村镇名录 {} 条对应到村级区划代码，{} 条没有：",
        imported.divisions,
        imported.villages,
        started.elapsed().as_secs_f64(),
        imported.pilots_matched,
        imported.pilots_unmatched.len()
    );
    for (id, why) in &imported.pilots_unmatched {
        println!("  {id}：{why}");
    }
    Ok(())
}

async fn import_holidays(config: Config, file: &std::path::Path) -> anyhow::Result<()> {
    let input =
        std::fs::File::open(file).with_context(|| format!("无法打开 {}", file.display()))?;
    let rows = match server::calendar::read_holidays(std::io::BufReader::new(input)) {
        Ok(rows) => rows,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            anyhow::bail!(
                "{} 有 {} 处问题，未导入任何日期。请改正后重新导入。",
                file.display(),
                problems.len()
            );
        }
    };
    let store = open_store(&config).await?;
    if !store.seed_imported().await? {
        store
            .import_seed(&Seed::embedded().context("种子数据有误")?)
            .await?;
    }
    let at = server::calendar::unix_now();
    store.import_holidays(&rows, at).await?;
    let years: std::collections::BTreeSet<i32> = rows
        .iter()
        .map(|r| chrono::Datelike::year(&r.date))
        .collect();
    let years: Vec<String> = years.iter().map(ToString::to_string).collect();
    println!(
        "已导入 {} 年的节假日安排，共 {} 天（放假 {} 天，调休上班 {} 天）。",
        years.join("、"),
        rows.len(),
        rows.iter()
            .filter(|r| r.kind == server::calendar::DayKind::Rest)
            .count(),
        rows.iter()
            .filter(|r| r.kind == server::calendar::DayKind::Work)
            .count()
    );
    store.close().await;
    Ok(())
}

fn bench_villages(dir: Option<&std::path::Path>) -> anyhow::Result<()> {
    use server::divisions::index::{Row, VillageIndex};
    let started = std::time::Instant::now();
    let divisions = match dir {
        Some(dir) => server::divisions::read_dir(dir),
        None => server::divisions::seed(),
    }
    .map_err(|problems| anyhow::anyhow!("区划数据有 {} 处问题", problems.len()))?;
    let read = started.elapsed();
    let index = VillageIndex::build(divisions.iter().map(|d| Row {
        code: &d.code,
        level: d.level,
        parent: &d.parent,
        name: &d.name,
    }));
    println!(
        "村级 {} 个：读取 {:.1} 秒，建索引 {:.1} 秒",
        index.len(),
        read.as_secs_f64(),
        started.elapsed().saturating_sub(read).as_secs_f64()
    );
    // Queries as households type them: two characters of a village's name, its pinyin
    // initials, the start of its full pinyin; 2,000 villages spread over the whole set.
    let all: Vec<&str> = divisions
        .iter()
        .filter(|d| d.level == server::divisions::VILLAGE)
        .map(|d| d.name.as_str())
        .collect();
    let villages: Vec<&str> = all
        .iter()
        .copied()
        .step_by((all.len() / 2000).max(1))
        .take(2000)
        .collect();
    for (kind, make) in [
        ("汉字（名称前两字）", 0),
        ("汉字（名称中间两字）", 1),
        ("拼音首字母", 2),
        ("全拼前 6 个字母", 3),
    ] {
        let mut times = Vec::new();
        let mut empty = 0;
        for name in &villages {
            let chars: Vec<char> = name.chars().collect();
            let (spelled, initials) = server::divisions::index::spell(name);
            let query: String = match make {
                0 => chars.iter().take(2).collect(),
                1 => chars.iter().skip(1).take(2).collect(),
                2 => initials.chars().take(4).collect(),
                _ => spelled.chars().take(6).collect(),
            };
            let at = std::time::Instant::now();
            let hits = index.search(&query, 20);
            times.push(at.elapsed());
            if hits.is_empty() {
                empty += 1;
            }
        }
        times.sort_unstable();
        // The nearest-rank percentile, `percent` of 100.
        let pick = |percent: usize| {
            let at = (times.len() * percent).div_ceil(100).saturating_sub(1);
            times[at.min(times.len() - 1)].as_secs_f64() * 1000.0
        };
        println!(
            "{kind}: {} 次查询，p50 {:.3} ms，p95 {:.3} ms，最慢 {:.3} ms（{} 次无结果）",
            times.len(),
            pick(50),
            pick(95),
            pick(100),
            empty
        );
    }
    Ok(())
}

/// The password: prompted twice without echo at a terminal, else the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("密码（至少 10 个字符）：")?;
        let again = rpassword::prompt_password("再输入一次：")?;
        anyhow::ensure!(first == again, "两次输入的密码不一样，未创建账号。");
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn create_staff(
    config: Config,
    username: &str,
    role: &str,
    area: &str,
) -> anyhow::Result<()> {
    use app::model::staff::{Role, StaffUser};
    let Some(role) = Role::parse(role) else {
        anyhow::bail!(
            "角色“{role}”无效：应为 village（村）、town（乡镇）、county（县）或 admin（管理员）。"
        );
    };
    let store = open_store(&config).await?;
    if !store.seed_imported().await? {
        store
            .import_seed(&Seed::embedded().context("种子数据有误")?)
            .await?;
    }
    let Some(area_name) = store.staff_area_name(role, area.trim()).await? else {
        store.close().await;
        anyhow::bail!(
            "未创建账号：{}",
            server::staff::area_problem(role, area.trim())
        );
    };
    if !area_name.is_empty() {
        let trail = store.division_trail(area.trim()).await?;
        let path: Vec<&str> = trail.iter().map(|d| d.name.as_str()).collect();
        println!("辖区：{}（{}）", path.join(" "), area.trim());
    }
    let vault = server::security::keycheck::open_vault(&store, &config.key_file).await?;
    let password = read_password()?;
    let desk = server::staff::StaffDesk::new(
        store.clone(),
        vault,
        i64::from(config.staff_idle_minutes) * 60,
    );
    let user = StaffUser {
        username: username.trim().to_string(),
        role,
        area: area.trim().to_string(),
        area_name: String::new(),
    };
    let created = desk.create_staff(&user, &password).await;
    store.close().await;
    created.map_err(|e| anyhow::anyhow!("未创建账号：{e}"))?;
    println!(
        "已创建账号 {}（{}{}）。",
        user.username,
        role.label(),
        if user.area.is_empty() {
            String::new()
        } else {
            format!(" · {}", user.area)
        }
    );
    Ok(())
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    if !store.seed_is_current().await? {
        let first = !store.seed_imported().await?;
        let seed = Seed::embedded().context("种子数据有误")?;
        let report = store.import_seed(&seed).await?;
        if first {
            tracing::info!("首次启动，已导入种子数据：{report}");
        } else {
            tracing::info!("导入规则已更新，已重新导入种子数据：{report}");
        }
    }
    let vault = match server::security::keycheck::open_vault(&store, &config.key_file).await {
        Ok(vault) => vault,
        Err(problem) => {
            store.close().await;
            return Err(problem.into());
        }
    };
    let options = leptos_options(&config);
    // The link picture is drawn now, not on the first share.
    let _ = server::og_image::png();
    let search = Arc::new(
        Searcher::load(&store)
            .await
            .context("无法建立政策问答的搜索索引")?,
    );
    search.keep_fresh(store.clone(), Duration::from_secs(2));
    // The village finder is built in the background: with the whole country (620k villages)
    // that takes seconds, and the pages do not wait for it.
    let finder_store = store.clone();
    tokio::spawn(async move {
        match finder_store.village_finder().await {
            Ok(index) => tracing::info!(villages = index.len(), "village finder ready"),
            Err(err) => tracing::error!(error = %err, "village finder not built"),
        }
    });
    let state = AppState::new(options, store.clone(), vault, search, &config);
    // The limits forget addresses whose quota has recovered, once a minute.
    let limits = [state.submit_limit.clone(), state.status_limit.clone()];
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_mins(1));
        loop {
            tick.tick().await;
            for limit in &limits {
                limit.prune();
            }
        }
    });
    if let Some(metrics_addr) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("无法监听 PORTAL_METRICS_ADDR {metrics_addr}"))?;
        println!("运行指标：http://{metrics_addr}/metrics");
        let metrics = server::access::metrics_router(store.clone());
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, metrics).await {
                tracing::error!(error = %err, "metrics address stopped");
            }
        });
    }
    let app = router::app(state);
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .with_context(|| format!("无法监听 {}", config.site_addr))?;
    let address = listener.local_addr()?;
    println!("乡村振兴信息公开门户 已启动：http://{address}/");
    println!("数据库：{}", config.database_url_for_log());
    println!("对外网址（二维码使用）：{}", config.base_url);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    store.close().await;
    println!("已安全停止。");
    Ok(())
}

async fn backup(config: Config, file: &std::path::Path) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let started = std::time::Instant::now();
    let done = store.backup_to(file).await;
    store.close().await;
    done.with_context(|| format!("备份未完成：{}", file.display()))?;
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    println!(
        "已备份到 {}（{:.1} MB，用时 {:.1} 秒）。密钥文件 {} 请另行备份：没有它，备份里加密的个人信息无法读取。",
        file.display(),
        size as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64(),
        config.key_file.display()
    );
    Ok(())
}

/// The resident memory of this process in KiB (Linux), or 0.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

fn bench_limiter() {
    use std::net::{IpAddr, Ipv4Addr};
    let limiter = server::security::Limiter::per_minute(10);
    let before = resident_kib();
    let started = std::time::Instant::now();
    for n in 0..1_000_000_u32 {
        limiter.allow(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)));
    }
    let flood = started.elapsed();
    let during = resident_kib();
    let remembered = limiter.len();
    // With 10 a minute (one every 6 s), the limiter forgets an address 12 s after its one
    // attempt: by then its state is that of an address never seen.
    std::thread::sleep(Duration::from_secs(13));
    limiter.prune();
    let after = resident_kib();
    println!(
        "一百万个不同地址（每分钟 10 次的限额）：用时 {:.2} 秒，洪峰时记住 {remembered} 个地址\n\
         常驻内存：之前 {:.1} MB，洪峰后 {:.1} MB，清理后 {:.1} MB（记住 {} 个地址）",
        flood.as_secs_f64(),
        before as f64 / 1024.0,
        during as f64 / 1024.0,
        after as f64 / 1024.0,
        limiter.len()
    );
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests finish before the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("收到停止信号，正在停止…");
}
