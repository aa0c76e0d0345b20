//! Public reads of the policy registry. Anyone may call these: they only ever return
//! published, proactively disclosed policies (the repository's public condition).

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::domain::search::SearchParams;
use crate::dto::search::SearchPage;
use crate::dto::{Facets, HomeData, PolicyDetail, PolicyFilter, PolicyPage};
use crate::error::AppError;

/// How many policies the home page lists, overall and per directory.
pub const HOME_LATEST: u32 = 8;
pub const HOME_PER_DIRECTORY: u32 = 5;

/// The home page: newest policies and each directory's newest.
#[server(input = GetUrl, prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    use crate::domain::TaxonomyCode;
    use crate::dto::DirectorySection;
    use crate::ssr::repo::{policy, taxonomy};
    let db = crate::ssr::state::db()?;
    let counts = policy::public_counts(&db).await?;
    let directories = taxonomy::list(&db, taxonomy::Taxonomy::Directory).await?;
    let options = policy::facet(&directories, &counts.by_directory);
    let codes = options
        .iter()
        .map(|o| TaxonomyCode::parse(&o.code))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::internal("directory code", e))?;
    let (latest, by_directory) =
        policy::newest(&db, HOME_LATEST, &codes, HOME_PER_DIRECTORY).await?;
    let sections = options
        .into_iter()
        .zip(by_directory)
        .map(|(option, latest)| DirectorySection {
            code: option.code,
            name: option.name,
            count: option.count,
            latest,
        })
        .collect();
    Ok(HomeData {
        latest,
        total: counts.total,
        sections,
        featured: crate::ssr::repo::plan::featured(&db, 3).await?,
    })
}

/// One page of the policy library. Invalid filter values are a 400 naming the filter.
#[server(input = GetUrl, prefix = "/api", endpoint = "policies")]
pub async fn list_policies(filter: PolicyFilter) -> Result<PolicyPage, AppError> {
    use crate::domain::library::LibraryQuery;
    let query = LibraryQuery::parse(&filter)?;
    let db = crate::ssr::state::db()?;
    let (items, total) = crate::ssr::repo::policy::list_public(&db, &query).await?;
    Ok(PolicyPage {
        items,
        total,
        page: query.page,
        per_page: LibraryQuery::PER_PAGE,
    })
}

/// Site search over public policies, interpretations and Q&A. A bad filter value is a
/// 400 naming the filter; any text is a query (an empty one finds nothing).
#[server(input = GetUrl, prefix = "/api", endpoint = "search")]
pub async fn search(params: SearchParams) -> Result<SearchPage, AppError> {
    super::respond(
        async {
            let query = params.parse()?;
            let db = crate::ssr::state::db()?;
            crate::ssr::repo::search::search(&db, &query).await
        }
        .await,
    )
}

/// The choices of the library's filters, each with its count of public policies.
#[server(input = GetUrl, prefix = "/api", endpoint = "facets")]
pub async fn library_facets() -> Result<Facets, AppError> {
    use crate::dto::FacetOption;
    use crate::ssr::repo::{policy, taxonomy};
    use taxonomy::Taxonomy;
    let db = crate::ssr::state::db()?;
    let counts = policy::public_counts(&db).await?;
    let texts = crate::i18n::t();
    Ok(Facets {
        directories: policy::facet(
            &taxonomy::list(&db, Taxonomy::Directory).await?,
            &counts.by_directory,
        ),
        key_areas: policy::facet(
            &taxonomy::list(&db, Taxonomy::KeyArea).await?,
            &counts.by_key_area,
        ),
        units: policy::facet(&taxonomy::list(&db, Taxonomy::Unit).await?, &counts.by_unit),
        years: counts
            .by_year
            .iter()
            .map(|(year, n)| FacetOption {
                code: year.to_string(),
                name: year.to_string(),
                count: *n,
            })
            .collect(),
        validities: crate::domain::Validity::ALL
            .iter()
            .filter_map(|v| {
                counts
                    .by_validity
                    .iter()
                    .find(|(code, _)| code == v.as_str())
                    .map(|(_, n)| FacetOption {
                        code: v.as_str().to_owned(),
                        name: texts.validity(*v).to_owned(),
                        count: *n,
                    })
            })
            .collect(),
    })
}

/// A public policy. Anything the public may not see is simply not found.
#[server(input = GetUrl, prefix = "/api", endpoint = "policy")]
pub async fn get_policy(id: String) -> Result<PolicyDetail, AppError> {
    use crate::domain::PolicyId;
    let id = PolicyId::parse(&id).map_err(|_| AppError::NotFound)?;
    let db = crate::ssr::state::db()?;
    let mut detail = crate::ssr::repo::policy::get_public(&db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    detail.interpretations = crate::ssr::repo::article::for_policy(&db, &id).await?;
    detail.qa = crate::ssr::repo::concern::qa_for_policy(&db, &id).await?;
    detail.issues = crate::ssr::repo::plan::public_issues(&db, &id).await?;
    Ok(detail)
}
