//! `/report/help`, "哪些情况可以申报": what the documents say a household can report, in plain
//! words, each item with the documents' own words and where they are. The server shapes it
//! from the curated hardship data the seed import keeps (`hardship_sections`) and from the
//! form's risk types ([`super::report::RISK_BASES`]). No IO here.

use serde::{Deserialize, Serialize};

use super::SourceRef;

/// A document's own words and where they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpQuote {
    pub text: String,
    pub source: SourceRef,
}

/// One thing the page explains: a household type, a risk cause, a guarantee, an insurance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpItem {
    /// The anchor on the page, e.g. `risk-illness`.
    pub id: String,
    /// The name, as the form or the documents write it.
    pub name: String,
    /// What it means, in the portal's plain words; empty when the quotes say it best.
    pub plain: String,
    /// Short facts from the data: other names, the conditions, the products listed.
    pub points: Vec<String>,
    /// The documents' words, the most telling first; never empty.
    pub quotes: Vec<HelpQuote>,
    /// An editor's note: a judgement, or what the text leaves open; empty when none.
    pub note: String,
}

/// One part of the page, under one heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpGroup {
    /// The anchor of the heading.
    pub id: String,
    pub heading: String,
    /// What the part is about, in plain words.
    pub lead: String,
    pub items: Vec<HelpItem>,
    /// An editor's note for the whole part; empty when none.
    pub note: String,
}

/// Everything `/report/help` shows, in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportHelp {
    /// 脱贫不稳定户, 边缘易致贫户, 突发严重困难户.
    pub households: HelpGroup,
    /// The form's risk types but 其他, in the form's order.
    pub risks: HelpGroup,
    /// What is monitored: 两不愁三保障 and 饮水安全.
    pub guarantees: HelpGroup,
    /// The 防贫保险 products, one group per list the documents give.
    pub insurance: Vec<HelpGroup>,
    /// When monitoring ends.
    pub exit: HelpGroup,
}

/// What the portal says of a named item of the curated data, in plain words; empty when it
/// adds nothing to the quotes (as for 两不愁, which the documents do not spell out).
pub fn plain_words(name: &str) -> &'static str {
    match name {
        "脱贫不稳定户" => "已经脱贫，但收入还不稳定、可能再次陷入贫困的家庭。",
        "边缘易致贫户" => "还不是贫困户，但家境处在边缘、容易陷入贫困的家庭。",
        "突发严重困难户" => {
            "因为上学、看病、受灾、意外等开支很大，或者收入一下子少了很多，基本生活出现严重困难的家庭。"
        }
        "义务教育保障" => "家里上小学、初中年龄的孩子都能上学，不失学辍学。",
        "基本医疗保障" => "家里人参加医疗保险，看病时能按政策报销和得到救助。",
        "住房安全保障" => "住的房子安全，不住危房。",
        "饮水安全" => "有安全、稳定的水喝。",
        "“3+1”保障 / “三保障”和饮水安全（合称）" => {
            "“三保障”（义务教育、基本医疗、住房安全）加上饮水安全，有的文件合称“3+1”保障。"
        }
        "监测内容：收入支出状况、“两不愁三保障”及饮水安全状况" => {
            "对这些家庭，主要看收入和支出、“两不愁三保障”和饮水安全的情况。"
        }
        "农调扶贫险" => "种养殖产业失败，或因灾、因农产品价格波动受损时，防止因此返贫致贫。",
        "新市民就业险" => {
            "易地扶贫搬迁的劳动力暂时找不到稳定工作、收入减少时，防止因此返贫致贫。"
        }
        "新市民安居险" => {
            "易地扶贫搬迁群众遇到意外死亡、意外伤残、疾病死亡、家庭财产因灾受损、被盗抢时，防止因此返贫致贫。"
        }
        "防贫扶助险" => "防止脱贫不稳定户和边缘易致贫户因病、因学、因案等返贫致贫。",
        "农民扶助金" => {
            "经过基本医疗保障、教育资助、民政兜底后基本生活仍有困难的，用州、县两级筹集的扶助金帮扶资助。"
        }
        "风险消除、不再监测帮扶的条件" => {
            "返贫致贫的风险稳定消除、大额刚性支出有效解决、收入来源稳定的监测户，标注“消除风险”，不再监测和帮扶。"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_household_types_have_plain_words() {
        for name in ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"] {
            assert!(!plain_words(name).is_empty(), "{name}");
        }
        assert_eq!(
            plain_words("两不愁"),
            "",
            "the documents do not spell it out"
        );
    }
}
