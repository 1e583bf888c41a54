"""A UBL 2.1 invoice (EN 16931) from the demo supplier to the demo ministry's DAF-01 service,
for the client check and the flux benchmark: `lignes` lines at 10.00 EUR and 20 % VAT (about
650 bytes each: 30 lines make a 20 KB invoice)."""

FOURNISSEUR = "73282932000074"
DESTINATAIRE = "11000201100044"


def _tva(siret):
    siren = int(siret[:9])
    return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siret[:9]}"


def _partie(siret, nom):
    return f"""<cac:Party>
      <cbc:EndpointID schemeID="0009">{siret}</cbc:EndpointID>
      <cac:PartyIdentification><cbc:ID schemeID="0009">{siret}</cbc:ID></cac:PartyIdentification>
      <cac:PostalAddress><cbc:StreetName>1 rue de la Paix</cbc:StreetName><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75002</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>{_tva(siret)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>{nom}</cbc:RegistrationName><cbc:CompanyID schemeID="0002">{siret}</cbc:CompanyID></cac:PartyLegalEntity>
    </cac:Party>"""


def facture(numero, lignes=2, date="2026-11-02"):
    ht = lignes * 1000
    tva = ht // 5
    euros = lambda c: f"{c // 100}.{c % 100:02d}"
    lines = "".join(f"""  <cac:InvoiceLine>
    <cbc:ID>{i}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Description>Ramette de papier A4 80 g, 500 feuilles, blanc, référence {i}</cbc:Description><cbc:Name>Ramettes {i}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
""" for i in range(1, lignes + 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{numero}</cbc:ID>
  <cbc:IssueDate>{date}</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>DAF-01</cbc:BuyerReference>
  <cac:AccountingSupplierParty>{_partie(FOURNISSEUR, "Fournitures Démo SAS")}</cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>{_partie(DESTINATAIRE, "Ministère de la Démonstration")}</cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">{euros(tva)}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{euros(ht)}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">{euros(tva)}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{euros(ht)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{euros(ht)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{euros(ht + tva)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{euros(ht + tva)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
{lines}</Invoice>
"""
