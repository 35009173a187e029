use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The parts of the portal that have their own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Industries,
    Data,
}

impl Part {
    pub fn title(self) -> &'static str {
        match self {
            Part::Industries => "特色产业",
            Part::Data => "全部指标",
        }
    }

    /// What this part will offer, said plainly.
    pub fn plan(self) -> &'static str {
        match self {
            Part::Industries => {
                "这里将展示茶叶、蔬菜、食用菌等十大特色产业的基数、目标和进展，附图表和原文出处。"
            }
            Part::Data => "这里将列出文件中的全部量化指标，每条注明单位、年份、类型和出处。",
        }
    }

    /// What to do meanwhile, so nobody leaves empty-handed.
    pub fn meanwhile(self) -> &'static str {
        "在此之前，首页列出了已整理的数据和最新文件，示范村名录已可查询。"
    }
}

/// An honest page for a part that is not built yet: what it will be, and what to do now.
#[component]
pub fn Building(part: Part) -> impl IntoView {
    view! {
        <Title text=part.title()/>
        <Meta name="description" content=part.plan()/>
        <h1>{part.title()}</h1>
        <p class="notice"><strong>"建设中"</strong> "：" {part.plan()}</p>
        <p>{part.meanwhile()}</p>
        <p class="actions"><a href="/">"返回首页"</a></p>
    }
}
