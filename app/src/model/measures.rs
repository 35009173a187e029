//! The kinds of 帮扶 a county records for a monitored household, and the monitored household
//! types, each with the words of the seed documents that name it and where they stand.

/// Where a kind is named: the document's id, its section, and the exact words.
///
/// `section` is the section's `source_section_label` in `server/seed/policies.json` (some
/// labels, such as `第五章 第八节`, stand on more than one section there); `quote` is an exact
/// substring of the `text` of a section with that label, line-break spaces included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    /// The document's id, e.g. `policy-002`.
    pub document: &'static str,
    /// The section's label, as `source_section_label` in the seed.
    pub section: &'static str,
    /// The document's words, verbatim.
    pub quote: &'static str,
}

/// A kind of measure: its stored value, its name, what a household reads, and its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureKind {
    /// The stored value, ascii snake_case.
    pub value: &'static str,
    /// The short Chinese name.
    pub label: &'static str,
    /// One short plain sentence a villager understands; no amounts or promises of its own.
    pub plain: &'static str,
    /// Where the documents name it.
    pub basis: Basis,
}

/// 黔西南州's plan: 巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划 (`policy-002`).
const PLAN: &str = "policy-002";

/// Every kind of measure, in the order a form lists them.
pub const MEASURE_KINDS: [MeasureKind; 11] = [
    MeasureKind {
        value: "industry",
        label: "产业帮扶",
        plain: "通过带农助农的产业项目，帮家里发展生产、增加收入。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第二节",
            quote: "谋划实施好一批与脱贫户和监测对象联结紧密、带农助农增收强的产业项目",
        },
    },
    MeasureKind {
        value: "employment",
        label: "就业帮扶",
        plain: "帮家里有劳动力的人找到工作、稳定就业。",
        basis: Basis {
            document: PLAN,
            section: "第五章 第二节",
            quote: "确保脱贫户、监测对象家庭 有劳动力的成员稳定就业",
        },
    },
    MeasureKind {
        value: "public_welfare_job",
        label: "公益岗位",
        plain: "村里按需要设公益性岗位，上岗的人在岗期间领补贴。",
        basis: Basis {
            document: PLAN,
            section: "第五章 第二节",
            quote: "统筹用好乡村公益性岗位,逐步调整优化公益岗位政策",
        },
    },
    MeasureKind {
        value: "basic_guarantee",
        label: "兜底保障",
        plain: "家里人丧失劳动能力、靠产业就业难有稳定收入的，按规定纳入低保或特困人员救助供养。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第五节",
            quote: "要按规定纳入农村低保或特困人员救助供养范围",
        },
    },
    MeasureKind {
        value: "medical",
        label: "医疗保障",
        plain: "按政策帮助参加医保，得了大病按规定专项救治，防范因病返贫。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第三节",
            quote: "做好脱贫人口和监测对象参保动员工作,落实分类资助参保、大病专项救治、\"三重保障\"\"先诊疗后付费\"\"一站式结报\"等政策",
        },
    },
    MeasureKind {
        value: "education",
        label: "教育资助",
        plain: "家里有经济困难的学生，按政策给予上学资助。",
        basis: Basis {
            document: PLAN,
            section: "第五章 第八节",
            quote: "落实家庭经济困难学生资助政策,实现精准资助、应助尽助",
        },
    },
    MeasureKind {
        value: "housing",
        label: "住房安全",
        plain: "跟踪查看家里住房是否安全，有危房的按政策帮助保障住房安全。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第三节",
            quote: "完善农村住房安全保障动态监测机制,有效保障农村低收入群体等重点对象住房安全",
        },
    },
    MeasureKind {
        value: "water",
        label: "饮水安全",
        plain: "改善农村供水设施，让家里喝上安全的水。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第三节",
            quote: "进一步完善农村饮水安全供水设施设备,提高供水保障能力和水平",
        },
    },
    MeasureKind {
        value: "insurance",
        label: "防贫保险",
        plain: "鼓励农户自愿购买防贫保险，遇到人力不可抗拒的灾情时按保险获得赔付。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第二节",
            quote: "针对重点巩固人口,鼓励农户购买防贫保险产品",
        },
    },
    MeasureKind {
        value: "microcredit",
        label: "小额信贷",
        plain: "有贷款意愿、有发展愿望和还款能力的脱贫户，可以按政策申请小额信贷。",
        basis: Basis {
            document: PLAN,
            section: "第八章 第三节",
            quote: "继续实施脱贫人口小额信贷政策",
        },
    },
    MeasureKind {
        value: "temporary_relief",
        label: "临时救助",
        plain: "遇到突发困难、基本生活一时过不去的，可以按规定申请临时救助。",
        basis: Basis {
            document: PLAN,
            section: "第一章 第一节",
            quote: "临时救 助制度进一步完善,有效防止因突发性困难致贫返贫",
        },
    },
];

/// A monitored household type (监测对象类型) with its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdType {
    /// The stored value: `unstable`, `edge` or `sudden`.
    pub value: &'static str,
    /// The documents' name for it.
    pub label: &'static str,
    /// One plain sentence; where the documents give no criteria, it says so.
    pub meaning: &'static str,
    /// Where the documents name or describe it.
    pub basis: Basis,
}

/// The three monitored household types. 002's 第四章 第二节 describes the third rather than
/// naming it; the name 突发严重困难户 stands beside the other two in its 第三章 第三节 and
/// 第六章 第二节 (taking the description for that name is the curated data's judgement too).
pub const HOUSEHOLD_TYPES: [HouseholdType; 3] = [
    HouseholdType {
        value: "unstable",
        label: "脱贫不稳定户",
        meaning: "已经脱贫、但家里情况还不稳定的农户；文件列出了这一类型，未写明具体标准，按省里的认定办法确定。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第二节",
            quote: "监测脱贫不稳定户、边缘易致贫户",
        },
    },
    HouseholdType {
        value: "edge",
        label: "边缘易致贫户",
        meaning: "处在贫困边缘、容易陷入贫困的农户；文件列出了这一类型，未写明具体标准，按省里的认定办法确定。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第二节",
            quote: "监测脱贫不稳定户、边缘易致贫户",
        },
    },
    HouseholdType {
        value: "sudden",
        label: "突发严重困难户",
        meaning: "因上学、生病、受灾、意外等开支大或收入大幅减少，基本生活出现严重困难的农户。",
        basis: Basis {
            document: PLAN,
            section: "第四章 第二节",
            quote: "因学因病因灾因意外等刚性支出较大或收入大幅缩减导致其基本生活出现严重困难农户",
        },
    },
];

/// The kind of measure stored as `value`, if there is one.
pub fn measure_kind(value: &str) -> Option<&'static MeasureKind> {
    let kinds: &'static [MeasureKind] = &MEASURE_KINDS;
    kinds.iter().find(|kind| kind.value == value)
}

/// The monitored household type stored as `value`, if there is one.
pub fn household_type(value: &str) -> Option<&'static HouseholdType> {
    let types: &'static [HouseholdType] = &HOUSEHOLD_TYPES;
    types.iter().find(|kind| kind.value == value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_snake_ascii(value: &str) -> bool {
        !value.is_empty()
            && value.is_ascii()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !value.starts_with('_')
            && !value.ends_with('_')
    }

    fn check_basis(basis: &Basis) {
        assert!(basis.document.starts_with("policy-"), "{basis:?}");
        assert!(!basis.section.trim().is_empty(), "{basis:?}");
        assert!(!basis.quote.trim().is_empty(), "{basis:?}");
        assert!(basis.quote.chars().count() <= 80, "{basis:?}");
    }

    #[test]
    fn measure_values_are_unique_ascii_and_every_kind_has_words_and_a_quote() {
        let mut seen = HashSet::new();
        for kind in &MEASURE_KINDS {
            assert!(is_snake_ascii(kind.value), "{}", kind.value);
            assert!(seen.insert(kind.value), "{} twice", kind.value);
            assert!(!kind.label.trim().is_empty(), "{}", kind.value);
            assert!(!kind.plain.trim().is_empty(), "{}", kind.value);
            check_basis(&kind.basis);
        }
    }

    #[test]
    fn household_values_are_unique_ascii_and_every_type_has_words_and_a_quote() {
        let mut seen = HashSet::new();
        for kind in &HOUSEHOLD_TYPES {
            assert!(is_snake_ascii(kind.value), "{}", kind.value);
            assert!(seen.insert(kind.value), "{} twice", kind.value);
            assert!(!kind.label.trim().is_empty(), "{}", kind.value);
            assert!(!kind.meaning.trim().is_empty(), "{}", kind.value);
            check_basis(&kind.basis);
        }
        let values: Vec<_> = HOUSEHOLD_TYPES.iter().map(|t| t.value).collect();
        assert_eq!(values, ["unstable", "edge", "sudden"]);
    }

    #[test]
    fn measure_kind_finds_each_kind_and_refuses_unknown_text() {
        for kind in &MEASURE_KINDS {
            assert_eq!(measure_kind(kind.value), Some(kind));
        }
        for unknown in ["", "Industry", " industry", "产业帮扶", "unstable", "other"] {
            assert_eq!(measure_kind(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn household_type_finds_each_type_and_refuses_unknown_text() {
        for kind in &HOUSEHOLD_TYPES {
            assert_eq!(household_type(kind.value), Some(kind));
        }
        for unknown in ["", "Edge", "edge ", "边缘易致贫户", "industry", "other"] {
            assert_eq!(household_type(unknown), None, "{unknown:?}");
        }
    }
}

/// The longest note a measure keeps (as a case note).
pub const MAX_MEASURE_NOTE_CHARS: usize = 1000;

/// One measure as a page shows it: staff see the note, a household does not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeasureView {
    /// Its number within the case, from 0.
    pub position: i64,
    /// The kind's name (产业帮扶).
    pub label: String,
    /// What it means, in plain words.
    pub plain: String,
    /// The unit responsible (县人社局).
    pub unit: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// `YYYY-MM-DD`; empty while not done.
    pub done_on: String,
    /// Past its day and not done.
    pub overdue: bool,
    /// Staff only; empty on the household's page.
    pub note: String,
}

/// The form adding a measure, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeasureForm {
    pub kind: String,
    pub unit: String,
    pub due_on: String,
    pub note: String,
}

impl MeasureForm {
    /// The checked measure (kind, unit, due day) or the first problem as (field, message).
    /// `today` and `latest` bound the due day (`YYYY-MM-DD`, compared as text).
    pub fn check(
        &self,
        today: &str,
        latest: &str,
    ) -> Result<(&'static MeasureKind, String, String), (String, String)> {
        let problem = |field: &str, message: &str| (field.to_string(), message.to_string());
        let kind = measure_kind(self.kind.trim())
            .ok_or_else(|| problem("kind", "请选择帮扶措施的类别。"))?;
        let unit = self.unit.trim().to_string();
        if !(2..=40).contains(&unit.chars().count()) {
            return Err(problem(
                "unit",
                "请写明责任单位（2 到 40 个字），例如“县人力资源和社会保障局”。",
            ));
        }
        let due = super::text::fold_width(self.due_on.trim());
        let shaped = due.len() == 10
            && due.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped || due.as_str() < today || due.as_str() > latest {
            return Err(problem(
                "due_on",
                &format!(
                    "完成时限请写成 2027-03-31 这样的日期，在今天（{today}）到 {latest} 之间。"
                ),
            ));
        }
        if self.note.trim().chars().count() > MAX_MEASURE_NOTE_CHARS {
            return Err(problem("note", "说明最多 1000 个字。"));
        }
        Ok((kind, unit, due))
    }
}
