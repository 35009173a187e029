//! The seed content the portal ships with, parsed and checked before it is stored.
//!
//! The files under `server/seed/` are the project's own copy of the data extracted from the
//! five source documents. They are compiled into the binary, so a fresh data directory can be
//! filled without any other file present.

pub mod indicators;
mod seed;

pub use seed::{
    Classification, County, Document, HardshipSection, Indicator, Industry, IndustryIndicator,
    Pilot, QaEntry, Section, Seed, SeedError,
};

/// What an import stored, by kind of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub documents: usize,
    pub sections: usize,
    pub pilots: usize,
    pub counties: usize,
    pub industries: usize,
    pub indicators: usize,
    pub industry_indicators: usize,
    pub qa_entries: usize,
    pub interpretations: usize,
    pub classifications: usize,
    pub hardship_sections: usize,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "文件 {} 份（{} 节），示范村镇 {} 个，县 {} 个，产业 {} 个，指标 {} 条（产业关联 {} 条），问答 {} 条，编者解读 {} 篇，分类 {} 组，困难类别 {} 组",
            self.documents,
            self.sections,
            self.pilots,
            self.counties,
            self.industries,
            self.indicators,
            self.industry_indicators,
            self.qa_entries,
            self.interpretations,
            self.classifications,
            self.hardship_sections
        )
    }
}
