//! `/privacy`: what the self-report form does with a household's personal information, in
//! plain words: what it collects and why, who sees it, how it is kept and for how long, what
//! stays on the phone, and how to see, correct or delete it (个人信息保护法 第四十四条至第四十七条).
//! Every statement is what the portal does (see README.md) or what a document says, linked.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::pages::report::ON_DEVICE;

/// The section of 黔西南州's plan that names self-reporting as a way into monitoring.
pub const MONITORING_SECTION: &str = "/policies/policy-002/16#s-16";

/// The privacy page.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let hotline = crate::ports::hotline();
    let tel = format!("tel:{hotline}");
    view! {
        <Title text="个人信息怎么用"/>
        <Meta name="description" content="防贫申报收集哪些个人信息、为什么收集、谁能看到、怎么保存、手机上留下什么、怎样查阅更正删除。"/>
        <h1>"个人信息怎么用"</h1>
        <p class="lead" data-read-aloud="">"这一页说明“防贫申报”表格收集的个人信息：收集什么、为什么、谁能看到、怎么保存、保存多久、手机上留下什么，以及您怎样查看、更正或删除。"</p>

        <section aria-labelledby="p-what">
            <h2 id="p-what">"收集什么，为什么"</h2>
            <p data-read-aloud="">"申报表收集：所在的村、申报人姓名、身份证号、联系电话、家庭人口、遇到的困难（类型和情况说明），以及代为申报的人（如果有）。"</p>
            <p data-read-aloud="">"这些信息只用于防止返贫监测和帮扶：村、乡镇、县按规定核实您家的情况，认定是否纳入监测，并安排帮扶措施。规划写明要把农户自主申报、基层干部排查和部门筛查预警结合起来，宣传推广二维码“防贫申报”。"
                <a href=MONITORING_SECTION>"看原文（黔西南州规划 第四章 第二节）"</a></p>
            <p>"不填身份证号和电话就无法核实和联系，所以这两项必填；信息不会公开，也不会用于别的事情。"</p>
        </section>

        <section aria-labelledby="p-who">
            <h2 id="p-who">"谁能看到"</h2>
            <ul data-read-aloud="">
                <li>"村里的工作人员：只能看到本村的申报。"</li>
                <li>"乡镇的工作人员：只能看到本乡镇各村的申报。"</li>
                <li>"县里的工作人员：只能看到本县的申报。"</li>
                <li>"系统管理员：可以看到全部申报，负责账号和全站设置。"</li>
            </ul>
            <p data-read-aloud="">"工作人员看到的身份证号和电话默认只显示一部分；需要看完整号码时要点一下，每一次都会记录是谁、在什么时候看的。导出表格时，只有县里和管理员能导出完整号码，每次导出也都有记录。别的网站、公众和其他村的人都看不到。"</p>
        </section>

        <section aria-labelledby="p-keep">
            <h2 id="p-keep">"怎么保存，保存多久"</h2>
            <p data-read-aloud="">"身份证号、电话、情况说明和工作人员的备注都加密保存，没有解密用的密钥就读不出来。这些内容不会出现在网址里，也不会写进网站的运行日志。"</p>
            <p data-read-aloud="">"本网站不会自动删除申报记录：它和监测、帮扶的办理过程一起保存，保存多久由县里按档案管理的规定决定。想删除的，见下面“查看、更正、删除”。"</p>
        </section>

        <section aria-labelledby="p-phone">
            <h2 id="p-phone">"手机上留下什么"</h2>
            <p data-read-aloud="">{ON_DEVICE}</p>
            <p data-read-aloud="">"提交成功后显示的回执页，只在提交的这部手机上显示 30 分钟；之后用回执号和电话后四位在“查询进度”里查看。本网站还会在手机上记住您选的“大字”和政策问答的地区，不记别的。"</p>
            <p>"家里几个人共用一部手机的，填完请点“删除草稿”，或等它自动删除。"</p>
        </section>

        <section aria-labelledby="p-rights">
            <h2 id="p-rights">"查看、更正、删除"</h2>
            <p data-read-aloud="">"按照《中华人民共和国个人信息保护法》，您有权查阅、复制您的个人信息（第四十五条），发现不准确或不完整的可以要求更正、补充（第四十六条），在规定情形下可以要求删除（第四十七条）。"</p>
            <ul data-read-aloud="">
                <li>"看办理到哪一步："<a href="/report/status">"查询进度"</a>"（回执号 + 电话后四位）。"</li>
                <li>"要查看、更正或删除：找村委会或乡镇，或拨打热线 " <a href=tel>{hotline.clone()}</a> "，说明回执号。"</li>
            </ul>
        </section>
    }
}
