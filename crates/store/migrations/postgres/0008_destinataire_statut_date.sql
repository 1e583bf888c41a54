-- A recipient's invoices in a status, newest first: the index gives them in that order, so
-- that the first page of a busy recipient's paid invoices is read, not sorted out of
-- hundreds of thousands (2.7 s on 10 million invoices).
DROP INDEX factures_destinataire_statut;
CREATE INDEX factures_destinataire_statut ON factures (destinataire_id, statut, date_depot, id);
