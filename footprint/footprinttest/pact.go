package footprinttest

import "strconv"

// The PACT footprints below are test data for a fictitious supplier,
// Supplier AG, and its JB-1 junction box, declared per kilogram; the tests
// of api, factordb and cmd/pcf upload, fetch and verify the same documents.

// SupplierPACT3 is the junction box's PACT 3 footprint id with its status,
// validity period and figure (kgCO2e per kilogram, a Decimal string), with
// every field the v3 schema requires.
func SupplierPACT3(id, status, validFrom, validUntil, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"3.0.0","created":"2025-01-15T00:00:00Z","status":"` + status + `",
 "validityPeriodStart":"` + validFrom + `","validityPeriodEnd":"` + validUntil + `",
 "companyName":"Supplier AG","companyIds":["urn:pact:supplier.example:company-id:1"],"productDescription":"Junction box",
 "productIds":["urn:pact:supplier.example:product-id:JB-1"],"productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnitOfMeasurement":"kilogram","declaredUnitAmount":"1","productMassPerDeclaredUnit":"1",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z",
  "pcfExcludingBiogenicUptake":"` + figure + `","pcfIncludingBiogenicUptake":"` + figure + `","fossilGhgEmissions":"` + figure + `","fossilCarbonContent":"0",
  "ipccCharacterizationFactors":["AR6"],"crossSectoralStandards":["ISO14067"],"exemptedEmissionsPercent":"0"}}`)
}

// SupplierPACT2 is the junction box's PACT 2 footprint id in its version
// version, figure kgCO2e per kilogram: only the fields a calculation reads.
func SupplierPACT2(id string, version int, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Supplier AG","productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"` + figure + `",
  "characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}
