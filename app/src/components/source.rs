use leptos::prelude::*;

use crate::model::SourceRef;

/// Groups sources by document, so one document is named once with all its sections.
pub fn group_by_document(sources: &[SourceRef]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for source in sources {
        match groups
            .iter_mut()
            .find(|(title, _)| *title == source.document_title)
        {
            Some((_, sections)) => {
                if !sections.contains(&source.section) {
                    sections.push(source.section.clone());
                }
            }
            None => groups.push((source.document_title.clone(), vec![source.section.clone()])),
        }
    }
    groups
}

/// "来源：《文件》章节" for one or more sources.
#[component]
pub fn SourceLine(sources: Vec<SourceRef>) -> impl IntoView {
    let text = group_by_document(&sources)
        .into_iter()
        .map(|(title, sections)| format!("《{}》{}", title, sections.join("；")))
        .collect::<Vec<_>>()
        .join("；");
    view! { <span class="source">"来源：" {text}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(title: &str, section: &str) -> SourceRef {
        SourceRef {
            document_id: "d".into(),
            document_title: title.into(),
            section: section.into(),
        }
    }

    #[test]
    fn sources_of_one_document_are_named_once() {
        let groups = group_by_document(&[
            source("甲", "第一章"),
            source("乙", "二、"),
            source("甲", "第二章"),
            source("甲", "第一章"),
        ]);
        assert_eq!(
            groups,
            vec![
                (
                    "甲".to_string(),
                    vec!["第一章".to_string(), "第二章".to_string()]
                ),
                ("乙".to_string(), vec!["二、".to_string()]),
            ]
        );
    }
}
