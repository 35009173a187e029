use leptos::prelude::*;

use crate::model::SourceRef;

/// Groups sources by document, so one document is named once with all its sections.
pub fn group_by_document(sources: &[SourceRef]) -> Vec<(String, Vec<String>)> {
    grouped(sources)
        .into_iter()
        .map(|(title, sections)| {
            (
                title.to_string(),
                sections.into_iter().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// [`group_by_document`] without copying a string.
fn grouped(sources: &[SourceRef]) -> Vec<(&str, Vec<&str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for source in sources {
        match groups
            .iter_mut()
            .find(|(title, _)| *title == source.document_title)
        {
            Some((_, sections)) => {
                if !sections.contains(&source.section.as_str()) {
                    sections.push(&source.section);
                }
            }
            None => groups.push((&source.document_title, vec![&source.section])),
        }
    }
    groups
}

/// "来源：《文件》章节" for one or more sources.
#[component]
pub fn SourceLine(sources: Vec<SourceRef>) -> impl IntoView {
    let mut text = String::from("来源：");
    for (n, (title, sections)) in grouped(&sources).into_iter().enumerate() {
        if n > 0 {
            text.push('；');
        }
        text.push('《');
        text.push_str(title);
        text.push('》');
        text.push_str(&sections.join("；"));
    }
    view! { <span class="source">{text}</span> }
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
