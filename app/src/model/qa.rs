//! `/qa`: every curated answer, grouped by topic, with the place each speaks for.

use serde::{Deserialize, Serialize};

/// The topics answers are grouped under, in the order the list shows them.
pub const TOPICS: [&str; 14] = [
    "防返贫监测",
    "医疗",
    "教育",
    "住房",
    "就业",
    "产业",
    "金融",
    "兜底",
    "易地搬迁",
    "基础设施",
    "生态环境",
    "乡村治理",
    "组织保障",
    "规划概况",
];

/// One curated answer as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaItem {
    /// `qa-001`, also its anchor on the list.
    pub id: String,
    pub question: String,
    pub answer: String,
    /// The document's own words.
    pub quote: String,
    /// `贵州·黔西南州`.
    pub place: String,
    /// The key of that place (`qianxinan`), empty when unknown.
    pub place_key: String,
    /// `《…》第四章 第二节「…」`.
    pub source: String,
    /// The section, with its anchor.
    pub url: String,
    pub topic: String,
    /// The document it is drawn from: `policy-002`.
    pub document_id: String,
}

/// One topic and its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaTopic {
    pub topic: String,
    pub items: Vec<QaItem>,
}

/// The whole list: topics in [`TOPICS`] order, with the place filter applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaListing {
    /// The place chosen (`qianxinan`), if any.
    pub place: Option<String>,
    /// How many answers there are in all, before the filter.
    pub total: usize,
    pub topics: Vec<QaTopic>,
}

impl QaListing {
    /// Groups `items` by topic (unknown topics last, under their own name) and keeps only
    /// those of `place` when one is given.
    pub fn group(items: Vec<QaItem>, place: Option<&str>) -> QaListing {
        let total = items.len();
        let mut topics: Vec<QaTopic> = Vec::new();
        for item in items
            .into_iter()
            .filter(|i| place.is_none_or(|p| i.place_key == p))
        {
            match topics.iter_mut().find(|t| t.topic == item.topic) {
                Some(topic) => topic.items.push(item),
                None => topics.push(QaTopic {
                    topic: item.topic.clone(),
                    items: vec![item],
                }),
            }
        }
        let rank = |t: &QaTopic| {
            TOPICS
                .iter()
                .position(|known| *known == t.topic)
                .unwrap_or(TOPICS.len())
        };
        topics.sort_by_key(|t| rank(t));
        QaListing {
            place: place.map(str::to_string),
            total,
            topics,
        }
    }

    /// How many answers the list shows.
    pub fn shown(&self) -> usize {
        self.topics.iter().map(|t| t.items.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, topic: &str, place: &str) -> QaItem {
        QaItem {
            id: id.into(),
            question: String::new(),
            answer: String::new(),
            quote: String::new(),
            place: String::new(),
            place_key: place.into(),
            source: String::new(),
            url: String::new(),
            topic: topic.into(),
            document_id: String::new(),
        }
    }

    #[test]
    fn answers_are_grouped_in_topic_order_and_filtered_by_place() {
        let items = vec![
            item("qa-1", "产业", "yunxi"),
            item("qa-2", "医疗", "qianxinan"),
            item("qa-3", "产业", "qianxinan"),
        ];
        let all = QaListing::group(items.clone(), None);
        assert_eq!(all.total, 3);
        let order: Vec<&str> = all.topics.iter().map(|t| t.topic.as_str()).collect();
        assert_eq!(order, ["医疗", "产业"]);
        assert_eq!(all.topics[1].items.len(), 2);
        let here = QaListing::group(items, Some("qianxinan"));
        assert_eq!((here.total, here.shown()), (3, 2));
        assert!(here
            .topics
            .iter()
            .flat_map(|t| &t.items)
            .all(|i| i.place_key == "qianxinan"));
    }
}
