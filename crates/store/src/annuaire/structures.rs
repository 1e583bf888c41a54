use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::sql::{Arg, Sql};
use crate::{Result, Store, StoreError, on_directory_write, on_pool};

/// A structure's general data and parameters, as created or modified.
#[derive(Debug, Clone, Default)]
pub struct NewStructure {
    pub type_identifiant: String,
    pub identifiant: String,
    pub raison_sociale: String,
    pub type_structure: String,
    pub libelle: String,
    pub nom: String,
    pub prenom: String,
    pub numero_tva: String,
    pub numero_rcs: String,
    pub email: String,
    pub adresse: String,
    pub complement_adresse_1: String,
    pub complement_adresse_2: String,
    pub code_postal: String,
    pub ville: String,
    pub code_pays: String,
    pub telephone: String,
    pub categorie: Option<String>,
    pub type_public: Option<String>,
    pub code_service_doit_etre_renseigne: bool,
    pub numero_ej_doit_etre_renseigne: bool,
    pub gestion_numero_ej_ou_code_service: bool,
    pub connexion_edi: bool,
    pub recevoir_donnees_via_edi: bool,
    pub est_moa: bool,
    pub est_moa_uniquement: bool,
    pub statut_mise_en_paiement_nest_pas_remonte: bool,
    pub designation_norm: String,
    pub actif: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct StructureRecord {
    pub id: i64,
    pub type_identifiant: String,
    pub identifiant: String,
    pub raison_sociale: String,
    pub type_structure: String,
    pub actif: bool,
    pub libelle: String,
    pub nom: String,
    pub prenom: String,
    pub numero_tva: String,
    pub numero_rcs: String,
    pub email: String,
    pub adresse: String,
    pub complement_adresse_1: String,
    pub complement_adresse_2: String,
    pub code_postal: String,
    pub ville: String,
    pub code_pays: String,
    pub telephone: String,
    pub categorie: Option<String>,
    pub type_public: Option<String>,
    pub code_service_doit_etre_renseigne: bool,
    pub numero_ej_doit_etre_renseigne: bool,
    pub gestion_numero_ej_ou_code_service: bool,
    pub connexion_edi: bool,
    pub recevoir_donnees_via_edi: bool,
    pub est_moa: bool,
    pub est_moa_uniquement: bool,
    pub statut_mise_en_paiement_nest_pas_remonte: bool,
    pub created_at: DateTime<Utc>,
}

/// A line of a structure search.
#[derive(Debug, Clone, FromRow)]
pub struct StructureSummary {
    pub id: i64,
    pub type_identifiant: String,
    pub identifiant: String,
    pub raison_sociale: String,
    pub type_structure: String,
    pub actif: bool,
    pub code_postal: String,
    pub ville: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StructureSort {
    #[default]
    Designation,
    Identifiant,
    TypeIdentifiant,
    Statut,
}

/// Criteria of a structure search; `None` means "no filter".
#[derive(Debug, Clone, Default)]
pub struct StructureSearch {
    pub type_identifiant: Option<String>,
    pub identifiant: Option<String>,
    /// Upper case, accents folded ([`facteur_domain::structure::designation_norm`]).
    pub designation_prefix: Option<String>,
    pub code_postal: Option<String>,
    pub ville_prefix: Option<String>,
    pub code_pays: Option<String>,
    pub type_structure: Option<String>,
    pub actif: Option<bool>,
    pub est_moa: Option<bool>,
    pub est_moa_uniquement: Option<bool>,
    /// Private structures are visible only to this user's validated attachments; public ones
    /// to everyone. `None`: every structure is visible.
    pub private_visible_to: Option<i64>,
    pub sort: StructureSort,
    pub descending: bool,
    pub limit: u32,
    pub offset: u64,
}

const COLUMNS: &str = "id, type_identifiant, identifiant, raison_sociale, type_structure, actif, \
    libelle, nom, prenom, numero_tva, numero_rcs, email, adresse, complement_adresse_1, \
    complement_adresse_2, code_postal, ville, code_pays, telephone, categorie, type_public, \
    code_service_doit_etre_renseigne, numero_ej_doit_etre_renseigne, \
    gestion_numero_ej_ou_code_service, connexion_edi, recevoir_donnees_via_edi, est_moa, \
    est_moa_uniquement, statut_mise_en_paiement_nest_pas_remonte, created_at";

const INSERT: &str = "INSERT INTO structures (type_identifiant, identifiant, raison_sociale, \
    type_structure, actif, libelle, nom, prenom, numero_tva, numero_rcs, email, adresse, \
    complement_adresse_1, complement_adresse_2, code_postal, ville, code_pays, telephone, \
    categorie, type_public, code_service_doit_etre_renseigne, numero_ej_doit_etre_renseigne, \
    gestion_numero_ej_ou_code_service, connexion_edi, recevoir_donnees_via_edi, est_moa, \
    est_moa_uniquement, statut_mise_en_paiement_nest_pas_remonte, designation_norm, created_at, \
    updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
    $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30) RETURNING id";

const UPDATE: &str = "UPDATE structures SET raison_sociale = $2, actif = $3, libelle = $4, \
    nom = $5, prenom = $6, numero_tva = $7, numero_rcs = $8, email = $9, adresse = $10, \
    complement_adresse_1 = $11, complement_adresse_2 = $12, code_postal = $13, ville = $14, \
    code_pays = $15, telephone = $16, categorie = $17, type_public = $18, \
    code_service_doit_etre_renseigne = $19, numero_ej_doit_etre_renseigne = $20, \
    gestion_numero_ej_ou_code_service = $21, connexion_edi = $22, \
    recevoir_donnees_via_edi = $23, est_moa = $24, est_moa_uniquement = $25, \
    statut_mise_en_paiement_nest_pas_remonte = $26, designation_norm = $27, updated_at = $28 \
    WHERE id = $1";

/// Binds a structure's fields in the order of [`INSERT`] from `$4` (or [`UPDATE`] from `$2`
/// once the identifier fields are bound).
macro_rules! bind_fields {
    ($query:expr, $s:expr) => {
        $query
            .bind($s.actif)
            .bind(&$s.libelle)
            .bind(&$s.nom)
            .bind(&$s.prenom)
            .bind(&$s.numero_tva)
            .bind(&$s.numero_rcs)
            .bind(&$s.email)
            .bind(&$s.adresse)
            .bind(&$s.complement_adresse_1)
            .bind(&$s.complement_adresse_2)
            .bind(&$s.code_postal)
            .bind(&$s.ville)
            .bind(&$s.code_pays)
            .bind(&$s.telephone)
            .bind(&$s.categorie)
            .bind(&$s.type_public)
            .bind($s.code_service_doit_etre_renseigne)
            .bind($s.numero_ej_doit_etre_renseigne)
            .bind($s.gestion_numero_ej_ou_code_service)
            .bind($s.connexion_edi)
            .bind($s.recevoir_donnees_via_edi)
            .bind($s.est_moa)
            .bind($s.est_moa_uniquement)
            .bind($s.statut_mise_en_paiement_nest_pas_remonte)
            .bind(&$s.designation_norm)
    };
}

impl StructureSearch {
    /// The `WHERE` clause shared by the page and its count.
    fn filter(&self) -> Sql {
        let mut sql = Sql::new(" WHERE 1 = 1");
        let eq = |sql: &mut Sql, column: &str, value: Option<Arg>| {
            if let Some(value) = value {
                let p = sql.arg(value);
                sql.push(&format!(" AND {column} = {p}"));
            }
        };
        eq(&mut sql, "type_identifiant", self.type_identifiant.clone().map(Arg::Text));
        eq(&mut sql, "identifiant", self.identifiant.clone().map(Arg::Text));
        eq(&mut sql, "code_postal", self.code_postal.clone().map(Arg::Text));
        eq(&mut sql, "code_pays", self.code_pays.clone().map(Arg::Text));
        eq(&mut sql, "type_structure", self.type_structure.clone().map(Arg::Text));
        eq(&mut sql, "actif", self.actif.map(Arg::Bool));
        eq(&mut sql, "est_moa", self.est_moa.map(Arg::Bool));
        eq(&mut sql, "est_moa_uniquement", self.est_moa_uniquement.map(Arg::Bool));
        if let Some(prefix) = &self.designation_prefix {
            prefix_range(&mut sql, "designation_norm", prefix);
        }
        if let Some(prefix) = &self.ville_prefix {
            let p = sql.arg(Arg::Text(format!("{}%", prefix.to_uppercase())));
            sql.push(&format!(" AND UPPER(ville) LIKE {p}"));
        }
        if let Some(user) = self.private_visible_to {
            let p = sql.arg(Arg::Int(user));
            sql.push(&format!(
                " AND (type_structure = 'PUBLIQUE' OR id IN (SELECT structure_id FROM rattachements \
                 WHERE utilisateur_id = {p} AND statut = 'VALIDEE'))"
            ));
        }
        sql
    }
}

/// `column` starts with `prefix`, as a range both engines answer from an ordinary index (the
/// column holds upper-case ASCII, compared byte by byte).
fn prefix_range(sql: &mut Sql, column: &str, prefix: &str) {
    let low = sql.arg(Arg::Text(prefix.to_owned()));
    let high = sql.arg(Arg::Text(format!("{prefix}\u{7f}")));
    sql.push(&format!(" AND {column} >= {low} AND {column} < {high}"));
}

impl Store {
    pub async fn insert_structure(&self, s: &NewStructure) -> Result<i64> {
        on_directory_write!(self, pool => bind_fields!(
                sqlx::query_scalar(INSERT)
                    .bind(&s.type_identifiant)
                    .bind(&s.identifiant)
                    .bind(&s.raison_sociale)
                    .bind(&s.type_structure),
                s
            )
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| {
            StoreError::from_unique(
                e,
                format!("structure {} {}", s.type_identifiant, s.identifiant),
            )
        })
    }

    /// Replaces a structure's general data and parameters (not its identifier). Returns
    /// whether it exists.
    pub async fn update_structure(&self, id: i64, s: &NewStructure) -> Result<bool> {
        let done = on_directory_write!(self, pool => bind_fields!(
                sqlx::query(UPDATE).bind(id).bind(&s.raison_sociale),
                s
            )
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn find_structure(&self, id: i64) -> Result<Option<StructureRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM structures WHERE id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_structure_by_identifiant(
        &self,
        type_identifiant: &str,
        identifiant: &str,
    ) -> Result<Option<StructureRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM structures WHERE type_identifiant = $1 AND identifiant = $2"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(type_identifiant)
            .bind(identifiant)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn count_structures(&self) -> Result<i64> {
        Ok(on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM structures")
            .fetch_one(pool)
            .await)?)
    }

    /// A page of structures and the number of all that match.
    pub async fn search_structures(
        &self,
        search: &StructureSearch,
    ) -> Result<(Vec<StructureSummary>, u64)> {
        let filter = search.filter();
        let order = match search.sort {
            StructureSort::Designation => "designation_norm",
            StructureSort::Identifiant => "identifiant",
            StructureSort::TypeIdentifiant => "type_identifiant",
            StructureSort::Statut => "actif",
        };
        let direction = if search.descending { "DESC" } else { "ASC" };
        let mut page = filter.clone();
        let limit = page.arg(Arg::Int(i64::from(search.limit)));
        let offset = page.arg(Arg::Int(i64::try_from(search.offset).unwrap_or(i64::MAX)));
        page.text = format!(
            "SELECT id, type_identifiant, identifiant, raison_sociale, type_structure, actif, \
             code_postal, ville FROM structures{} ORDER BY {order} {direction}, id {direction} \
             LIMIT {limit} OFFSET {offset}",
            page.text
        );
        let mut count = filter;
        count.text = format!("SELECT COUNT(*) FROM structures{}", count.text);
        self.page_and_count(&page, &count).await
    }

    /// Every active public structure, for the recipients' directory download.
    pub async fn active_public_structures(&self) -> Result<Vec<StructureSummary>> {
        const SQL: &str = "SELECT id, type_identifiant, identifiant, raison_sociale, \
            type_structure, actif, code_postal, ville FROM structures \
            WHERE type_structure = 'PUBLIQUE' AND actif ORDER BY identifiant";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await)?)
    }
}
