//! `/staff/accounts`: the administrator's list of accounts, with a form for a new one and,
//! on each row, stopping, restarting and resetting the password. Drawn from the view the
//! server's handler provides; without it, only a link to sign in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{problem_of, ProblemCount, TextField};
use crate::model::staff::{AccountRow, AccountsView, Role};
use crate::pages::staff::{SignInFirst, StaffBar};

#[component]
pub fn AccountsPage() -> impl IntoView {
    let Some(view) = use_context::<AccountsView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let AccountsView {
        user,
        csrf,
        accounts,
        form,
        problems,
        row_problem,
        done,
        area_query,
        area_matches,
    } = view;
    let finder = area_finder(area_query, area_matches);
    let rows = accounts
        .into_iter()
        .map(|account| {
            let problem = row_problem
                .as_ref()
                .filter(|(name, _)| *name == account.username)
                .map(|(_, message)| message.clone());
            view! { <AccountLine account csrf=csrf.clone() problem own=user.username.clone()/> }
        })
        .collect_view();
    let role_problem = problem_of(&problems, "role");
    let role_invalid = role_problem.is_some();
    let role_error =
        role_problem.map(|m| view! { <p class="field-error" id="a-role-error">{m}</p> });
    let roles = Role::ALL
        .iter()
        .map(|role| {
            let selected = form.role == role.value();
            view! { <option value=role.value() selected=selected>{role.label()}</option> }
        })
        .collect_view();
    let saved = (!done.is_empty()).then(|| view! { <p class="notice" role="status">{done}</p> });
    view! {
        <Title text="账号管理"/>
        <StaffBar user csrf=csrf.clone()/>
        <h1>"账号管理"</h1>
        {saved}
        <table class="data-table">
            <caption>"全部账号"</caption>
            <thead>
                <tr>
                    <th scope="col">"用户名"</th>
                    <th scope="col">"角色和区域"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <h2 id="new-heading">"开设账号"</h2>
        <ProblemCount count=problems.len()/>
        <form class="report-form" method="post" action="/staff/accounts" aria-labelledby="new-heading">
            <input type="hidden" name="csrf" value=csrf/>
            <TextField id="a-username".into() name="username" label="用户名" value=form.username.clone()
                problem=problem_of(&problems, "username") hint="字母、数字和 - _ .，最长 40 个字符"/>
            <div class="field" class:field-invalid=role_invalid>
                <label for="a-role">"角色"</label>
                {role_error}
                <select id="a-role" name="role" aria-invalid=role_invalid.then_some("true")
                    aria-describedby=role_invalid.then_some("a-role-error")>
                    <option value="">"请选择"</option>
                    {roles}
                </select>
            </div>
            <TextField id="a-area".into() name="area" label="辖区（区划代码）" value=form.area.clone()
                problem=problem_of(&problems, "area")
                hint="村：12 位村级代码；乡镇：9 位；县：6 位；管理员：不填。不知道代码？用下面的“查找辖区代码”。"/>
            <TextField id="a-password".into() name="password" label="初始密码" kind="password"
                value=String::new() problem=problem_of(&problems, "password")
                hint="至少 10 个字符，不能包含用户名"/>
            <TextField id="a-again".into() name="again" label="再输一次初始密码" kind="password"
                value=String::new() problem=problem_of(&problems, "again")/>
            <button type="submit">"开设账号"</button>
        </form>
        {finder}
    }
    .into_any()
}

/// A GET form that finds counties, townships and villages by name and lists their codes.
fn area_finder(query: String, matches: Vec<(String, String, String)>) -> impl IntoView {
    let results = if query.is_empty() {
        None
    } else if matches.is_empty() {
        Some(view! { <p>{format!("没有找到“{query}”。")}</p> }.into_any())
    } else {
        let rows = matches
            .into_iter()
            .map(|(code, kind, path)| {
                view! { <tr><td class="code">{code}</td><td>{kind}</td><td>{path}</td></tr> }
            })
            .collect_view();
        Some(
            view! {
                <table class="data-table">
                    <caption>{format!("“{query}”的查找结果：把代码填进上面的“辖区”")}</caption>
                    <thead><tr><th scope="col">"代码"</th><th scope="col">"级别"</th><th scope="col">"名称"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any(),
        )
    };
    view! {
        <h2 id="area-heading">"查找辖区代码"</h2>
        <form class="ask-form" method="get" action="/staff/accounts" role="search" aria-labelledby="area-heading">
            <label for="area-q">"县、乡镇或村的名称（村也可用拼音首字母）"</label>
            <div class="ask-row">
                <input id="area-q" name="area_q" type="search" value=query.clone() maxlength="30"/>
                <button type="submit">"查找"</button>
            </div>
        </form>
        {results}
    }
}

/// One account with its actions.
#[component]
fn AccountLine(
    account: AccountRow,
    csrf: String,
    problem: Option<String>,
    own: String,
) -> impl IntoView {
    let action = format!("/staff/accounts/{}", account.username);
    let area = if account.area.is_empty() {
        "全部".to_string()
    } else if account.area_name.is_empty() {
        account.area.clone()
    } else {
        format!("{}（{}）", account.area_name, account.area)
    };
    let state = if account.disabled {
        "已停用"
    } else {
        "正常"
    };
    let (toggle, toggle_label) = if account.disabled {
        ("enable", "恢复")
    } else {
        ("disable", "停用")
    };
    let password_id = format!("pw-{}", account.username);
    let error_id = format!("{password_id}-error");
    let invalid = problem.is_some();
    let error =
        problem.map(|m| view! { <p class="field-error" id=error_id.clone() role="alert">{m}</p> });
    let actions = (account.username != own).then(|| {
        view! {
            <form method="post" action=action.clone() class="inline-form">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value=toggle/>
                <button type="submit" class="button-quiet">{format!("{toggle_label} {}", account.username)}</button>
            </form>
            <form method="post" action=action class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="action" value="reset"/>
                <label for=password_id.clone()>{format!("{} 的新密码", account.username)}</label>
                <input id=password_id type="password" name="password" autocomplete="new-password"
                    aria-invalid=invalid.then_some("true") aria-describedby=invalid.then_some(error_id)/>
                <button type="submit" class="button-quiet">"重设密码"</button>
            </form>
        }
    });
    view! {
        <tr>
            <td>{account.username.clone()}</td>
            <td>{format!("{} · {}", account.role.label(), area)}</td>
            <td>{format!("{state}（{} 开设，{} 改密码）", account.created, account.password_changed)}</td>
            <td>{error} {actions}</td>
        </tr>
    }
}
