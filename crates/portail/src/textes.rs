//! The portal's words, in French (Chorus Pro's) and English. One line per text, so that a
//! missing translation does not compile.

use facteur_domain::langue::CodeLangue;

macro_rules! textes {
    ($($champ:ident: $fr:literal, $en:literal;)*) => {
        /// Every text of the pages, in one language.
        pub struct Textes {
            pub code: &'static str,
            $(pub $champ: &'static str,)*
        }

        const FR: Textes = Textes { code: "fr", $($champ: $fr,)* };
        const EN: Textes = Textes { code: "en", $($champ: $en,)* };
    };
}

textes! {
    autre_langue: "English", "Français";
    autre_langue_code: "en", "fr";
    aller_au_contenu: "Aller au contenu", "Skip to content";
    navigation: "Navigation principale", "Main navigation";
    accueil: "Accueil", "Home";
    connexion: "Connexion", "Sign in";
    deconnexion: "Se déconnecter", "Sign out";
    email: "Adresse électronique", "E-mail address";
    mot_de_passe: "Mot de passe", "Password";
    mot_de_passe_aide: "12 caractères au moins", "At least 12 characters";
    se_connecter: "Se connecter", "Sign in";
    mot_de_passe_oublie: "Mot de passe oublié ?", "Forgot your password?";
    creer_compte: "Créer un compte", "Create an account";
    nom: "Nom", "Last name";
    prenom: "Prénom", "First name";
    telephone: "Téléphone", "Phone";
    compte_cree: "Votre compte est créé. Suivez le lien envoyé à votre adresse pour l’activer.", "Your account is created. Follow the link sent to your address to activate it.";
    compte_active: "Votre compte est activé : connectez-vous.", "Your account is active: sign in.";
    reinitialiser: "Choisir un nouveau mot de passe", "Choose a new password";
    envoyer_lien: "Recevoir un lien", "Send me a link";
    lien_envoye: "Si cette adresse correspond à un compte, un lien vient de lui être envoyé.", "If this address belongs to an account, a link has just been sent to it.";
    mot_de_passe_change: "Votre mot de passe est changé : connectez-vous.", "Your password is changed: sign in.";
    enregistrer: "Enregistrer", "Save";
    erreurs: "Corrigez ce qui suit :", "Please correct the following:";
    bienvenue: "Bonjour", "Hello";
    mes_structures: "Mes structures", "My structures";
    aucune_structure: "Vous n’êtes rattaché à aucune structure.", "You are attached to no structure.";
    role: "Rôle", "Role";
    factures_emises: "Factures émises", "Issued invoices";
    factures_recues: "Factures reçues", "Received invoices";
    saisir_facture: "Saisir une facture", "Type an invoice";
    statistiques: "Statistiques", "Statistics";
    structure: "Structure", "Structure";
    numero: "Numéro", "Number";
    date_facture: "Date de facture", "Invoice date";
    date_depot: "Date de dépôt", "Deposit date";
    fournisseur: "Fournisseur", "Supplier";
    destinataire: "Destinataire", "Recipient";
    service: "Service", "Service";
    montant_ht: "Montant HT", "Amount excl. VAT";
    montant_tva: "TVA", "VAT";
    montant_ttc: "Montant TTC", "Amount incl. VAT";
    statut: "Statut", "Status";
    tous_statuts: "Tous les statuts", "All statuses";
    filtrer: "Filtrer", "Filter";
    du: "Du", "From";
    au: "Au", "To";
    trier_par: "Trier par", "Sort by";
    ordre: "Ordre", "Order";
    croissant: "Croissant", "Ascending";
    decroissant: "Décroissant", "Descending";
    aucune_facture: "Aucune facture.", "No invoice.";
    resultats: "résultat(s)", "result(s)";
    page: "Page", "Page";
    sur: "sur", "of";
    precedente: "Page précédente", "Previous page";
    suivante: "Page suivante", "Next page";
    pagination: "Pagination", "Pagination";
    facture: "Facture", "Invoice";
    lignes: "Lignes", "Lines";
    designation: "Désignation", "Description";
    quantite: "Quantité", "Quantity";
    prix_unitaire: "Prix unitaire HT", "Unit price excl. VAT";
    taux_tva: "Taux de TVA (%)", "VAT rate (%)";
    montant_net: "Montant net HT", "Net amount excl. VAT";
    ventilation_tva: "Ventilation de la TVA", "VAT breakdown";
    base_ht: "Base HT", "Taxable amount";
    taux: "Taux", "Rate";
    totaux: "Totaux", "Totals";
    historique: "Historique", "History";
    par: "Par", "By";
    commentaire: "Commentaire", "Comment";
    pieces_jointes: "Pièces jointes", "Attachments";
    telecharger_pdf: "Télécharger le PDF", "Download the PDF";
    telecharger_tout: "Télécharger avec les pièces jointes", "Download with the attachments";
    traiter: "Traiter la facture", "Process the invoice";
    nouveau_statut: "Nouveau statut", "New status";
    motif: "Motif", "Reason";
    motif_aide: "Obligatoire pour une suspension ou un rejet", "Required to suspend or reject";
    numero_mandat: "Numéro de mandat", "Payment mandate number";
    numero_mandat_aide: "Obligatoire pour « Mandatée »", "Required for “Payment ordered”";
    valider: "Valider", "Submit";
    completer: "Compléter la facture suspendue", "Complete the suspended invoice";
    recycler: "Recycler vers un autre destinataire", "Recycle to another recipient";
    siret_destinataire: "SIRET du destinataire", "Recipient's SIRET";
    code_service: "Code du service", "Service code";
    numero_engagement: "Numéro d’engagement", "Engagement number";
    action_faite: "C’est fait.", "Done.";
    ajouter_ligne: "Ajouter une ligne", "Add a line";
    recalculer: "Recalculer", "Recalculate";
    deposer: "Déposer la facture", "Deposit the invoice";
    formats_acceptes: "Formats acceptés", "Accepted formats";
    formats_saisie: "Saisie : les champs de cette page ; le PDF de la facture est produit par la plateforme.", "Typing: the fields of this page; the platform produces the invoice's PDF.";
    formats_api: "API : JSON (soumettre), PDF (déposer PDF), flux UBL 2.1, CII D16B et Factur-X (déposer flux).", "API: JSON (submit), PDF (deposit PDF), UBL 2.1, CII D16B and Factur-X flows (deposit flux).";
    deposer_fichier: "Déposer un fichier", "Upload a file";
    canal_pdf: "Facture PDF : le PDF de la facture, puis ses données saisies sur la page suivante.", "Invoice PDF: the invoice's PDF, then its data typed on the next page.";
    canal_structure: "Fichier structuré : UBL 2.1, CII D16B, Factur-X (PDF/A-3), ou une archive tar.gz de ces fichiers (jusqu’à 500) ; traité en quelques secondes, suivi dans « Mes dépôts ».", "Structured file: UBL 2.1, CII D16B, Factur-X (PDF/A-3), or a tar.gz of them (up to 500); processed in seconds, followed in “My deposits”.";
    facture_pdf: "Facture PDF", "Invoice PDF";
    fichier_structure: "Fichier structuré (flux)", "Structured file (flux)";
    fichier: "Fichier", "File";
    envoyer_puis_saisir: "Envoyer, puis saisir ses données", "Upload, then type its data";
    syntaxe: "Syntaxe", "Syntax";
    syntaxe_auto: "Reconnue d’après le fichier", "Recognised from the file";
    mes_depots: "Mes dépôts", "My deposits";
    numero_flux: "Numéro de flux", "Flux number";
    etat: "État", "State";
    compte_rendu: "Compte rendu du dépôt", "Deposit report";
    documents: "Documents", "Documents";
    integrees: "Factures intégrées", "Invoices integrated";
    traitement_en_cours: "Traitement en cours.", "Being processed.";
    actualiser: "Actualiser", "Refresh";
    erreurs_factures: "Erreurs par facture", "Errors per invoice";
    erreurs_techniques: "Erreurs techniques", "Technical errors";
    erreur: "Erreur", "Error";
    pdf_joint: "PDF de la facture", "The invoice's PDF";
    gerer: "Gérer la structure", "Manage the structure";
    demandes_rattachement: "Demandes de rattachement", "Attachment requests";
    aucune_demande: "Aucune demande en attente.", "No pending request.";
    decision: "Décision", "Decision";
    valider_demande: "Accepter", "Accept";
    refuser: "Refuser", "Refuse";
    desactiver: "Désactiver", "Deactivate";
    reactiver: "Réactiver", "Reactivate";
    utilisateurs: "Utilisateurs", "Users";
    services: "Services", "Services";
    libelle: "Libellé", "Label";
    actif: "Actif", "Active";
    inactif: "Inactif", "Inactive";
    demander_rattachement: "Demander un rattachement à une structure", "Ask to join a structure";
    demande_envoyee: "Demande envoyée aux gestionnaires de", "Request sent to the managers of";
    envoyer_demande: "Envoyer la demande", "Send the request";
    mes_messages: "Mes messages", "My messages";
    recus: "Reçus", "Received";
    non_lus: "non lus", "unread";
    non_lu: "Non lu", "Unread";
    lu: "Lu", "Read";
    lus: "Lus", "Read";
    envoyes: "Envoyés", "Sent";
    ecrire: "Écrire un message", "Write a message";
    objet: "Objet", "Subject";
    message: "Message", "Message";
    expediteur: "Expéditeur", "Sender";
    destinataires: "Destinataires", "Recipients";
    destinataires_aide: "Seules les structures avec lesquelles une facture a été échangée peuvent être destinataires.", "Only structures an invoice was exchanged with can be written to.";
    date_envoi: "Envoyé le", "Sent on";
    carnet: "Carnet d’adresses", "Address book";
    listes: "Listes de diffusion", "Distribution lists";
    partenaires_facturation: "Structures avec qui une facture a été échangée", "Structures an invoice was exchanged with";
    aucun_partenaire: "Aucune pour l’instant.", "None yet.";
    envoyer: "Envoyer", "Send";
    engagements: "Engagements juridiques", "Purchase commitments";
    engagement: "Engagement", "Commitment";
    engagements_emis: "Émis", "Issued";
    engagements_recus: "Reçus", "Received";
    emetteur: "Émetteur", "Issuer";
    recepteur: "Destinataire de l’engagement", "Receiver";
    deja_facture: "Déjà facturé", "Already invoiced";
    agir: "Agir sur l’engagement", "Act on the commitment";
    motif_engagement_aide: "Obligatoire pour refuser ou renvoyer pour correction", "Required to refuse or send back";
    factures_liees: "Factures qui le citent", "Invoices quoting it";
    action: "Action", "Action";
    applications: "Applications raccordées et quotas", "Connected applications and quotas";
    quota_seconde: "Quota par seconde", "Quota per second";
    quota_jour: "Quota par jour", "Quota per day";
    appels_jour: "Appels aujourd’hui", "Calls today";
    revoquee: "Révoquée", "Revoked";
    espaces: "Espaces ouverts", "Open spaces";
    espace: "Espace", "Space";
    habilitation: "Habilitation", "Permission";
    abonnements_en_attente: "Abonnements en attente", "Pending subscriptions";
    comptes_techniques: "Comptes techniques (API)", "Technical accounts (API)";
    aucun_compte_technique: "Aucun compte technique.", "No technical account.";
    renouveler_mot_de_passe: "Renouveler le mot de passe technique", "Renew the technical password";
    mot_de_passe_une_fois: "Nouveau mot de passe, affiché cette seule fois :", "New password, shown this once only:";
    emettre_engagement: "Émettre un engagement", "Issue a commitment";
    siret_recepteur: "SIRET du fournisseur", "Supplier's SIRET";
    type_engagement: "Type d’engagement", "Commitment type";
    numero_marche: "Numéro de marché", "Contract number";
    transmettre_tout_de_suite: "Transmettre tout de suite au fournisseur (sinon : brouillon)", "Transmit to the supplier now (otherwise: draft)";
    nommer_gestionnaire: "Nommer gestionnaire", "Make a manager";
    retirer_gestion: "Retirer la gestion", "Remove as manager";
    nouveau_service: "Ouvrir un service", "Open a service";
    engagement_requis: "Numéro d’engagement exigé sur les factures", "Engagement number required on invoices";
    nouvel_utilisateur: "Créer un utilisateur de la structure", "Create a user of the structure";
    mot_de_passe_provisoire: "Mot de passe provisoire", "Temporary password";
    fournisseur_choix: "Structure émettrice", "Issuing structure";
    devise: "Devise", "Currency";
    obligatoire: "obligatoire", "required";
    statistiques_plateforme: "Statistiques de la plateforme", "Platform statistics";
    factures_par_annee: "Factures par année", "Invoices per year";
    factures_par_mois: "Factures par mois, cette année et l’an dernier", "Invoices per month, this year and last";
    par_canal: "Factures de l’année par canal de dépôt", "This year's invoices by deposit channel";
    par_type_emetteur: "Factures de l’année par type de structure émettrice", "This year's invoices by issuing structure type";
    par_mois_canal: "Factures de l’année par mois et canal de dépôt", "This year's invoices per month and deposit channel";
    par_mois_categorie: "Factures de l’année par mois et type de structure émettrice", "This year's invoices per month and issuing structure type";
    structures_par_categorie: "Structures privées créées sur douze mois, par catégorie", "Private structures created over twelve months, by category";
    annee: "Année", "Year";
    mois: "Mois", "Month";
    nombre: "Nombre", "Count";
    canal: "Canal", "Channel";
    cette_annee: "Cette année", "This year";
    an_dernier: "L’an dernier", "Last year";
    structures_creees: "Structures privées créées par mois", "Private structures created per month";
    utilisateurs_crees: "Utilisateurs créés par mois", "Users created per month";
    partenaires: "Partenaires connectés (applications)", "Connected partners (applications)";
    taux_dematerialisation: "Taux de dématérialisation par type de destinataire public", "Dematerialisation rate by kind of public recipient";
    type_destinataire: "Type de destinataire", "Recipient kind";
    taux_pourcent: "Taux (%)", "Rate (%)";
    tableau_des_donnees: "Les données du graphique", "The chart's data";
}

impl Textes {
    pub fn de(langue: CodeLangue) -> &'static Self {
        match langue {
            CodeLangue::Fr => &FR,
            CodeLangue::En => &EN,
        }
    }
}
