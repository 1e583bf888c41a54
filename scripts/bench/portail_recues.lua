-- wrk script: the portal's received-invoices page, signed in (COOKIE), rotating over the first
-- page (newest first), the first page by number, the paid invoices, and a month's invoices.
local paths = {
  "/factures/recues",
  "/factures/recues?tri=numero&ordre=asc",
  "/factures/recues?statut=MISE_EN_PAIEMENT",
  "/factures/recues?du=2026-09-01&au=2026-09-30",
}
local counter = 0
wrk.headers["Cookie"] = os.getenv("COOKIE")

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
