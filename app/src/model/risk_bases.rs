//! Why each risk type is on the report form: its plain words and the documents' own words
//! for it ([`RISK_BASES`], in the order of [`super::report::RISK_TYPES`]).

/// Why a risk type is on the form: what it means in plain words, and the documents' own
/// words for it, verbatim from the curated hardship data (`server/seed/hardship_categories.json`,
/// checked by `server::storage::hardship`'s tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskBasis {
    /// The stored value of the risk type in [`RISK_TYPES`](super::report::RISK_TYPES).
    pub value: &'static str,
    /// What it means for a household, in the portal's plain words.
    pub plain: &'static str,
    /// The document's words.
    pub quote: &'static str,
    /// The document (`policy-002`) and the section, as the curated data names them.
    pub document_id: &'static str,
    pub section: &'static str,
    /// An editor's note, shown with the quote: where the quote is the closest the documents
    /// have rather than the label's own words; empty when none.
    pub note: &'static str,
}

/// 黔西南州's plan on whom it monitors, the quote of most risk types.
const MONITORED: &str = "以家庭为单位,监测脱贫不稳定户、边缘易致贫户,以及因学因病因灾因意外等刚性支出较大或收入大幅缩减导致其基本生活出现严重困难农户,重点监测其收入支出状况、\"两不愁三保障\"及饮水安全状况。";
const MONITORED_SECTION: &str = "第四章 第二节「建立健全防止返贫监测机制」";
/// 黔西南州's plan on the causes of falling back into poverty.
const FACTORS: &str = "全州脱贫人口和易返贫致贫人口规模大,占农村户籍人口比重高,加之因病、因残、缺劳力、缺技能等返贫致贫因素叠加多样,群众抵御灾害风险能力弱,巩固脱贫成果难度大。";
const FACTORS_SECTION: &str = "第二章 第一节「巩固脱贫攻坚成果任务繁重」";
/// 黔西南州's plan on the “四险一金” insurances and the risks each covers.
const FOUR_INSURANCES_SECTION: &str = "第一章 第二节「探索设立\"四险一金\"制度,筑牢防贫网底」";

/// The basis of every risk type but 其他, in the order of [`RISK_TYPES`](super::report::RISK_TYPES).
pub const RISK_BASES: [RiskBasis; 17] = [
    RiskBasis {
        value: "illness",
        plain: "家里有人生了大病或长期患病，看病花钱多，或者因病干不了活。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "",
    },
    RiskBasis {
        value: "schooling",
        plain: "家里孩子上学开支大，家里负担不起。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "",
    },
    RiskBasis {
        value: "disaster",
        plain: "遇到自然灾害，庄稼、牲畜、房屋或家里的财产受了损失。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "",
    },
    RiskBasis {
        value: "accident",
        plain: "家里有人遭遇意外事故，受伤、伤残或去世，开支大或少了收入。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "",
    },
    RiskBasis {
        value: "disability",
        plain: "家里有残疾人，需要照料、康复，或者干不了重活。",
        quote: FACTORS,
        document_id: "policy-002",
        section: FACTORS_SECTION,
        note: "",
    },
    RiskBasis {
        value: "labour",
        plain: "家里能干活挣钱的人很少，或者没有。",
        quote: FACTORS,
        document_id: "policy-002",
        section: FACTORS_SECTION,
        note: "",
    },
    RiskBasis {
        value: "skills",
        plain: "家里人想干活挣钱，但缺少技术、手艺，找不到门路。",
        quote: FACTORS,
        document_id: "policy-002",
        section: FACTORS_SECTION,
        note: "",
    },
    RiskBasis {
        value: "work",
        plain: "在外打工或上班的人丢了工作，或暂时找不到稳定的工作，收入少了。",
        quote: "防止搬迁劳动力人员暂时找不到稳定工作而减收而返贫致贫",
        document_id: "policy-002",
        section: FOUR_INSURANCES_SECTION,
        note: "文件没有“务工就业不稳”这个说法；这是最接近的一句，讲“新市民就业险”针对的易地扶贫搬迁劳动力暂时找不到稳定工作而减收的风险。",
    },
    RiskBasis {
        value: "business",
        plain: "种植、养殖或小生意亏了本，或者农产品价格大跌，收入受损。",
        quote: "防止群众因产业失败、因灾农产品价格波动等受损而返贫致贫",
        document_id: "policy-002",
        section: FOUR_INSURANCES_SECTION,
        note: "文件写作“产业失败”，是“农调扶贫险”针对的风险。",
    },
    RiskBasis {
        value: "expense",
        plain: "家里有一笔躲不开的大开支（比如看病、上学、受灾、意外），生活因此困难。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "此处写作“刚性支出较大”。",
    },
    RiskBasis {
        value: "income",
        plain: "家里的收入一下子少了很多，基本生活受到影响。",
        quote: MONITORED,
        document_id: "policy-002",
        section: MONITORED_SECTION,
        note: "",
    },
    RiskBasis {
        value: "crime",
        plain: "家里因为案件、官司花钱多或少了收入。",
        quote: "\"防贫扶助险\"织牢全面阻贫\"防护网\",防止脱贫不稳定户和边缘易致贫户因病、因学、因案等出现返贫致贫",
        document_id: "policy-002",
        section: FOUR_INSURANCES_SECTION,
        note: "仅见于“防贫扶助险”一句（因病、因学、因案），原文未解释“因案”含义；这里的白话说明是编者的理解。",
    },
    RiskBasis {
        value: "theft",
        plain: "家里的钱、物被偷或被抢，损失大。",
        quote: "防止搬迁群众因意外死亡、意外伤残、疾病死亡、家庭财产因灾受损、被盗抢等返贫致贫",
        document_id: "policy-002",
        section: FOUR_INSURANCES_SECTION,
        note: "原文讲的是“新市民安居险”针对的易地扶贫搬迁群众的风险。",
    },
    RiskBasis {
        value: "fraud",
        plain: "被人骗走了钱，包括通过电话、短信、网络的诈骗。",
        quote: "防止农村人口因上当受骗返贫致贫",
        document_id: "policy-002",
        section: "第八章 第三节「打击金融诈骗行为」",
        note: "原文写“上当受骗”，所在一段题为“打击金融诈骗行为”，没有写“电信诈骗”；“含电信诈骗”是表单为便于理解加的说明。",
    },
    RiskBasis {
        value: "housing",
        plain: "住的房子是危房，或者房子不安全。",
        quote: "对农村新增危房,按照农户自愿的原则,按情形分类采用合理保障方式,确保住房安全",
        document_id: "policy-002",
        section: "第五章 第八节「全面提升脱贫地区住房安全保障水平」",
        note: "文件没有“住房不安全”这个说法；这是讲农村住房安全风险最接近的一句（农村新增危房）。",
    },
    RiskBasis {
        value: "water",
        plain: "家里吃水难，或者喝的水不安全。",
        quote: "进一步完善农村饮水安全供水设施设备,提高供水保障能力和水平,建立健全农村供水工程后续管护机制,切实巩固提升农村饮水安全保障成果。",
        document_id: "policy-002",
        section: "第四章 第三节",
        note: "文件没有“饮水不安全”这个说法；这是讲农村饮水安全保障最接近的一句。",
    },
    RiskBasis {
        value: "dropout",
        plain: "家里有上小学、初中年龄的孩子没上学，或者中途不上了。",
        quote: "健全义务教育阶段控辍保学工作机制,确保除身体原因不具备学习条件外的脱贫家庭义务教育阶段适龄儿童少年不失学辍学。",
        document_id: "policy-002",
        section: "第四章 第三节",
        note: "文件没有“子女失学辍学”这个说法；这是讲义务教育保障（控辍保学）最接近的一句，列在“三保障”里，不在致贫风险里。",
    },
];

/// The basis of a risk type value; `None` for 其他 and unknown values.
pub fn risk_basis(value: &str) -> Option<&'static RiskBasis> {
    RISK_BASES.iter().find(|basis| basis.value == value)
}
