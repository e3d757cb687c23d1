// Package factorlib holds what works on a library of emission factors as a
// whole rather than on one study: the relevance search over factor names
// and codes (search.go) and the plausibility screening of factor values
// against their peers (plausibility.go). It depends on the footprint domain
// types only; footprint does not import it.
package factorlib
