//! What a data user may do with the portal's data, and what each dataset is: the licence,
//! the publisher, the endpoints of `/api/v1`, and the schema.org `Dataset` description the
//! catalogue, figures and targets pages carry. One place, read by the `/api` page, every
//! JSON response's `meta`, the CSVs' companion files and the pages' JSON-LD.

use serde::Serialize;

/// Who publishes the data.
pub const PUBLISHER: &str = "乡村振兴信息公开门户";

/// The licence of the portal's data, as an SPDX identifier.
pub const LICENCE_ID: &str = "CC-BY-4.0";

/// The licence's name in Chinese.
pub const LICENCE_NAME: &str = "知识共享 署名 4.0 国际许可协议（CC BY 4.0）";

/// The licence's text.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans";

/// Why this licence, in plain words.
pub const LICENCE_WHY: &str = "数据来自政府公开发布的文件。按《中华人民共和国著作权法》第五条，\
法律、法规，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件不适用著作权法，\
文件原文任何人都可以自由使用。门户在原文之上做的整理（逐条摘录、编号、分类、单位和年份的标注、\
问答和编者解读）按 CC BY 4.0 开放：可以复制、转载、改编和商用，只需注明“来源：乡村振兴信息公开门户”\
以及每条记录 source 字段写明的原文件和章节。";

/// How to cite a record.
pub const CITATION: &str =
    "来源：乡村振兴信息公开门户（整理自各地公开文件，每条记录的 source 注明文件和章节）";

/// The `meta` of every JSON response of `/api/v1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResponseMeta {
    pub licence: LicenceRef,
    pub publisher: &'static str,
    pub citation: &'static str,
    /// When the published content last changed, RFC 3339 in China time.
    pub modified: String,
    /// The human description of the API.
    pub documentation: String,
}

/// The licence as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LicenceRef {
    pub id: &'static str,
    pub name: &'static str,
    pub url: &'static str,
}

/// The licence.
pub const LICENCE: LicenceRef = LicenceRef {
    id: LICENCE_ID,
    name: LICENCE_NAME,
    url: LICENCE_URL,
};

impl ResponseMeta {
    /// The metadata for a response of the site at `base_url`, the content last changed at
    /// `modified` (RFC 3339).
    pub fn new(base_url: &str, modified: String) -> ResponseMeta {
        ResponseMeta {
            licence: LICENCE,
            publisher: PUBLISHER,
            citation: CITATION,
            modified,
            documentation: format!("{base_url}/api"),
        }
    }
}

/// One route of `/api/v1`, as the `/api` page lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The path, e.g. `/api/v1/pilots`.
    pub path: &'static str,
    /// `JSON` or `CSV`.
    pub format: &'static str,
    /// What it gives.
    pub what: &'static str,
    /// Its query parameters, in words ("" for none).
    pub parameters: &'static str,
    /// A request to try, path and query.
    pub example: &'static str,
}

/// Every route of `/api/v1`, in the order the `/api` page lists them.
pub const ENDPOINTS: [Endpoint; 9] = [
    Endpoint {
        path: "/api/v1/pilots",
        format: "JSON",
        what: "示范村镇名录：每个村镇的级别、类型、所在州（市）和县、所在文件及章节、页面地址。",
        parameters:
            "q（名称或地名）、level（省级/州级）、prefecture、county、kind，与名录页的筛选相同",
        example: "/api/v1/pilots?level=省级",
    },
    Endpoint {
        path: "/api/v1/pilots.csv",
        format: "CSV",
        what: "同一份名录的表格（UTF-8，带 BOM，Excel 可直接打开）。",
        parameters: "同上",
        example: "/api/v1/pilots.csv?county=兴仁市",
    },
    Endpoint {
        path: "/api/v1/indicators",
        format: "JSON",
        what: "文件中的全部量化指标：数值、单位、年份、类型（基数/目标/实际/标准）、原文和出处。",
        parameters: "region、category、kind、industry，与“全部指标”页的筛选相同",
        example: "/api/v1/indicators?kind=target",
    },
    Endpoint {
        path: "/api/v1/indicators.csv",
        format: "CSV",
        what: "同一批指标的表格。",
        parameters: "同上",
        example: "/api/v1/indicators.csv?region=黔西南州",
    },
    Endpoint {
        path: "/api/v1/industries",
        format: "JSON",
        what: "十个特色产业，每个产业的指标与进展。",
        parameters: "",
        example: "/api/v1/industries",
    },
    Endpoint {
        path: "/api/v1/targets",
        format: "JSON",
        what: "每一个目标，与同一指标、同一地区的基数或实际值并列，以及目标达成的比例。",
        parameters: "",
        example: "/api/v1/targets",
    },
    Endpoint {
        path: "/api/v1/targets.csv",
        format: "CSV",
        what: "同一份目标与进展的表格。",
        parameters: "",
        example: "/api/v1/targets.csv",
    },
    Endpoint {
        path: "/api/v1/policies",
        format: "JSON",
        what: "五份政策文件的全文，按章节，每节带页面地址。",
        parameters: "",
        example: "/api/v1/policies",
    },
    Endpoint {
        path: "/api/v1/search",
        format: "JSON",
        what: "政策问答查询：按问题找出最相关的答案和原文出处。",
        parameters: "q（问题，必填）、region（地区，可选）",
        example: "/api/v1/search?q=看病报销",
    },
];

/// A dataset the portal publishes, for the pages' schema.org `Dataset` JSON-LD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    pub name: &'static str,
    pub description: &'static str,
    /// The page that shows it, e.g. `/pilots`.
    pub page: &'static str,
    /// Its JSON and CSV (if any) under `/api/v1`.
    pub json: &'static str,
    pub csv: Option<&'static str>,
    pub keywords: &'static str,
}

/// The catalogue of pilot villages (`/pilots`).
pub const PILOTS_DATASET: Dataset = Dataset {
    name: "乡村振兴示范村镇名录",
    description: "各地公开文件列出的乡村振兴示范村、示范镇及试点：级别、类型、所在州（市）和县，每条注明原文件和章节。",
    page: "/pilots",
    json: "/api/v1/pilots",
    csv: Some("/api/v1/pilots.csv"),
    keywords: "乡村振兴,示范村,试点,名录",
};

/// Every sourced figure (`/data`).
pub const INDICATORS_DATASET: Dataset = Dataset {
    name: "乡村振兴文件量化指标",
    description: "五份乡村振兴文件中的全部量化指标：数值、单位、年份、类型（基数/目标/实际/标准）、原文和出处。",
    page: "/data",
    json: "/api/v1/indicators",
    csv: Some("/api/v1/indicators.csv"),
    keywords: "乡村振兴,指标,目标,基数,统计",
};

/// Targets beside their baselines (`/targets`).
pub const TARGETS_DATASET: Dataset = Dataset {
    name: "乡村振兴目标与进展",
    description: "文件中的每一个目标，与同一指标、同一地区的基数或实际值并列，并给出达成比例；每个数字注明原文和出处。",
    page: "/targets",
    json: "/api/v1/targets",
    csv: Some("/api/v1/targets.csv"),
    keywords: "乡村振兴,目标,进展,达成",
};

impl Dataset {
    /// The schema.org `Dataset` of the site at `base_url`, the content last changed on
    /// `modified` (`YYYY-MM-DD`), as JSON-LD safe to put in a `<script>` element.
    pub fn json_ld(&self, base_url: &str, modified: &str) -> String {
        let organization = Organization {
            kind: "Organization",
            name: PUBLISHER,
            url: base_url,
        };
        let json = format!("{base_url}{}", self.json);
        let csv = self.csv.map(|csv| format!("{base_url}{csv}"));
        let mut distribution = vec![DataDownload {
            kind: "DataDownload",
            content_url: &json,
            encoding_format: "application/json",
        }];
        if let Some(csv) = &csv {
            distribution.push(DataDownload {
                kind: "DataDownload",
                content_url: csv,
                encoding_format: "text/csv",
            });
        }
        let value = DatasetLd {
            context: "https://schema.org",
            kind: "Dataset",
            creator: &organization,
            credit_text: CITATION,
            date_modified: modified,
            description: self.description,
            distribution,
            in_language: "zh-CN",
            is_accessible_for_free: true,
            keywords: self.keywords,
            license: LICENCE_URL,
            name: self.name,
            publisher: &organization,
            url: format!("{base_url}{}", self.page),
        };
        // `<` never appears raw, so nothing in the data can close the element.
        serde_json::to_string(&value)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

/// schema.org `Dataset` as JSON-LD, its keys in alphabetical order.
#[derive(Serialize)]
struct DatasetLd<'a> {
    #[serde(rename = "@context")]
    context: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    creator: &'a Organization<'a>,
    #[serde(rename = "creditText")]
    credit_text: &'a str,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    description: &'a str,
    distribution: Vec<DataDownload<'a>>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    keywords: &'a str,
    license: &'a str,
    name: &'a str,
    publisher: &'a Organization<'a>,
    url: String,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct DataDownload<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    #[serde(rename = "contentUrl")]
    content_url: &'a str,
    #[serde(rename = "encodingFormat")]
    encoding_format: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_names_its_distributions_licence_and_date_and_cannot_close_its_element() {
        let mut dataset = PILOTS_DATASET;
        dataset.description = "</script><script>alert(1)</script>";
        let text = dataset.json_ld("https://example.cn", "2026-12-05");
        assert!(!text.contains('<'), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["@type"], "Dataset");
        assert_eq!(value["description"], "</script><script>alert(1)</script>");
        assert_eq!(value["license"], LICENCE_URL);
        assert_eq!(value["dateModified"], "2026-12-05");
        assert_eq!(value["publisher"]["name"], PUBLISHER);
        let formats: Vec<&str> = value["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["encodingFormat"].as_str().unwrap())
            .collect();
        assert_eq!(formats, ["application/json", "text/csv"]);
        assert_eq!(
            value["distribution"][1]["contentUrl"],
            "https://example.cn/api/v1/pilots.csv"
        );
    }

    #[test]
    fn every_endpoint_is_under_api_v1_and_its_example_is_its_own() {
        for endpoint in ENDPOINTS {
            assert!(endpoint.path.starts_with("/api/v1/"), "{}", endpoint.path);
            assert!(
                endpoint.example == endpoint.path
                    || endpoint.example.starts_with(&format!("{}?", endpoint.path)),
                "{}",
                endpoint.example
            );
        }
    }
}
