//! `server import-indicators FILE.csv`, run as the binary on a real SQLite data directory:
//! a file with any bad row is refused whole, with every problem and its line; a good file is
//! stored and shows on `/data`'s data.

use std::process::Command;

use server::storage::Store;

const HEAD: &str = "id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,category,related_industry,notes\n";

fn run(data: &std::path::Path, file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("import-indicators")
        .arg(file)
        .env("PORTAL_DATA_DIR", data)
        .env_remove("PORTAL_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server binary runs")
}

async fn figures(data: &std::path::Path) -> Vec<(String, String, Vec<String>)> {
    let store = Store::open(&format!("sqlite://{}/portal.db", data.display()))
        .await
        .unwrap();
    let set = store.load_indicator_set().await.unwrap();
    store.close().await;
    set.indicators
        .into_iter()
        .map(|r| (r.id, r.value_text, r.industries))
        .collect()
}

#[tokio::test]
async fn a_file_with_a_bad_row_imports_nothing_and_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("figures.csv");
    std::fs::write(
        &file,
        format!(
            "{HEAD}ind-176,茶园面积,黔西南州,150,万亩,以上,2025,目标,,policy-002,第五章 第一节,农业,茶叶,\n\
             ind-177,蔬菜面积,黔西南州,约200,万亩,,2025,target,,policy-002,第五章,农业,蔬菜,\n\
             ind-178,食用菌产量,黔西南州,12,万吨,,,actual,,policy-404,第五章,农业,,\n"
        ),
    )
    .unwrap();
    let output = run(dir.path(), &file);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("第 3 行：数值（value）“约200”不是数字"),
        "{stderr}"
    );
    assert!(stderr.contains("第 4 行：年份（year）不能为空"), "{stderr}");
    assert!(
        stderr.contains("第 4 行：出处文件（document_id）“policy-404”不存在"),
        "{stderr}"
    );
    assert!(stderr.contains("有 3 处问题，未导入任何数据"), "{stderr}");
    // The good first row was not stored either.
    let stored = figures(dir.path()).await;
    assert_eq!(stored.len(), 175);
    assert!(!stored.iter().any(|(id, _, _)| id == "ind-176"));
}

#[tokio::test]
async fn a_good_file_adds_and_updates_figures_with_their_industries() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("figures.csv");
    std::fs::write(
        &file,
        format!(
            "\u{feff}{HEAD}ind-176,茶园面积,黔西南州,150,万亩,以上,2025,目标,\"茶园面积稳定在150万亩以上\",policy-002,第五章 第一节,农业,茶叶,\n\
             ind-001,贫困县摘帽数,黔西南州,7,个,,“十三五”时期,actual,,policy-002,前言,脱贫攻坚成效,,复核无误\n"
        ),
    )
    .unwrap();
    let output = run(dir.path(), &file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("已导入 2 条指标：新增 1 条，更新 1 条"),
        "{stdout}"
    );
    let stored = figures(dir.path()).await;
    assert_eq!(stored.len(), 176);
    let tea = stored.iter().find(|(id, _, _)| id == "ind-176").unwrap();
    assert_eq!(tea.1, "150");
    assert_eq!(tea.2.len(), 1, "linked to 茶叶");
    // Importing the same file again changes nothing but says it updated.
    let again = run(dir.path(), &file);
    assert!(String::from_utf8_lossy(&again.stdout).contains("新增 0 条，更新 2 条"));
    assert_eq!(figures(dir.path()).await.len(), 176);
}
