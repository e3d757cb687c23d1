package api

// Plausibility flags on the pages (issue 15): the public factor pages show
// a factor's flag, its peers and whether a curator reviewed it; the
// curator's workbench lists the flags of a set with a form to review them.

import (
	"context"
	"math"
	"net/url"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// flagView is a plausibility flag as the pages show it.
type flagView struct {
	*factorlib.FactorFlag
	Times     string    // how many times the median (or a fraction below it), 3 digits
	Above     bool      // the value is above the median
	MedianStr string    // the median, 3 digits
	Reviewed  bool      // a curator reviewed it
	Loader    bool      // acknowledged by the loader only
	Peers     []peerRow // the peers listed
	Link      string    // the flagged factor's page
	Outlier   bool      // far outside its peers (the group statistic is filled)
	// What the set, based on another, changed of the factor, in English
	// and Chinese; "" for an outlier of an unchanged factor.
	ChangeEN, ChangeZH string
}

// peerRow is a peer of a flagged factor, with its page.
type peerRow struct {
	factorlib.PlausibilityPeer
	Link string
}

func sig3(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 3), 'g', -1, 64) }

func newFlagView(fl *factorlib.FactorFlag, set string) *flagView {
	v := &flagView{FactorFlag: fl, MedianStr: sig3(fl.Median), Above: fl.Decades >= 0, Reviewed: fl.Reviewed(),
		Loader: fl.Acknowledgement != nil && !fl.Acknowledgement.Reviewed}
	v.Times = sig3(math.Pow(10, math.Abs(fl.Decades)))
	v.Outlier = fl.IsOutlier()
	v.ChangeEN, v.ChangeZH = fl.ChangeText()
	v.Link = factorLink(fl.Code, set)
	for _, p := range fl.Peers {
		v.Peers = append(v.Peers, peerRow{PlausibilityPeer: p, Link: factorLink(p.Code, set)})
	}
	return v
}

func factorLink(code, set string) string {
	return "/factors/" + url.PathEscape(code) + "?" + url.Values{"set": {set}}.Encode()
}

// factorFlagLookup is implemented by stores that read the flags of some
// factors of a set only (factordb).
type factorFlagLookup interface {
	FindFactorFlagsByCodes(ctx context.Context, set string, codes []string) (map[string]*factorlib.FactorFlag, error)
}

// setFlags returns the plausibility flags of the factors codes names in
// set, by code, or nil for a store without checks.
func (s *Server) setFlags(ctx context.Context, set string, codes []string) (map[string]*factorlib.FactorFlag, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	if l, ok := s.FactorService.(factorFlagLookup); ok {
		return l.FindFactorFlagsByCodes(ctx, set, codes)
	}
	flags, checked, err := s.storedFlags(ctx, set)
	if err != nil || !checked {
		return nil, err
	}
	out := make(map[string]*factorlib.FactorFlag, len(flags))
	for _, fl := range flags {
		out[fl.Code] = fl
	}
	return out, nil
}
