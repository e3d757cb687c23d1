package api

import "github.com/chengdu-pcf/pcf/factordb"

// The review finds the certificate store's PACT footprints by an interface
// assertion (reviewPACTFootprint): a changed signature must not compile.
var _ pactSupplierFinder = (*factordb.CertificationService)(nil)
