// Package pact maps issued certificates to WBCSD PACT product footprints
// (Technical Specifications v2.3 and v3.0) and reads the PACT filters and
// events a partner sends. It is the wire format of the PACT exchange, kept
// apart from the api package so that it holds no HTTP code and can be used
// wherever a footprint is needed (the API's PACT routes, the /v1 export of
// one certificate).
//
// A PACT footprint is a view of a certificate: the figures it carries are
// the certificate's own, and the few it adds (product mass, geography,
// exempted share, packaging and aircraft emissions, the uncertainty range)
// come from the certified result, which the certificate pins by its digest.
// docs/pact.md lists the source of every field.
//
// The package imports only the standard library, google/uuid and footprint.
package pact
