package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/labels"
)

// registerAdmin is what "pcf orgs register" uses: the file's
// factordb.AuthService, or the server's admin route.
type registerAdmin interface {
	SetOrganizationRegister(ctx context.Context, name string, signatories, scope []string) (*access.Organization, error)
}

var (
	_ registerAdmin = (*factordb.AuthService)(nil)
	_ registerAdmin = (*api.Client)(nil)
)

// runOrgs is "pcf orgs register --org NAME --signatory NAME… --scope
// RULE,…": it replaces a certification body's register of authorised
// signatories and its approval scope (staff changed, approval extended or
// narrowed), audited as organization.register. Both lists are required
// and replace those on record, so that changing one does not clear the
// other unseen; an empty value (--scope "") gives none. Through a
// running pcf serve's admin route with the admin token, or on the file,
// as pcf keys create.
func runOrgs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := onlySubcommand(args, "register", "orgs: want 'pcf orgs register --org NAME --signatory NAME… --scope RULE,…'"); err != nil {
		return err
	}
	fs := newFlagSet("orgs register")
	d := addDBFlags(fs)
	name := fs.String("org", "", "the certification body's name")
	reg := addRegisterFlags(fs, "an authorised signatory (repeat for each; '' for none): replaces the body's register",
		"a rule code the body is approved to certify (repeat for each, or separate with commas; '' for none): replaces its scope")
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usageError(fmt.Sprintf("orgs register: unexpected argument %q", pos[0]))
	case strings.TrimSpace(*name) == "":
		return usageError("orgs register: --org is required")
	case !reg.gaveSignatories || !reg.gaveScope:
		return usageError("orgs register: --signatory and --scope are both required: each replaces the list on record (give '' for none)")
	}
	svc, err := connect(ctx, d, dbExisting, true, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	var admin registerAdmin = svc.Client
	if svc.Client == nil {
		auth := factordb.NewAuthService(svc.DB)
		renderer, err := labels.NewRenderer()
		if err != nil {
			return fmt.Errorf("load label fonts: %w", err)
		}
		auth.CheckText = renderer.CheckText // as pcf serve: each signatory can be printed
		admin = auth
	}
	org, err := admin.SetOrganizationRegister(ctx, strings.TrimSpace(*name), reg.signatories, reg.scope)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "认证机构 %[1]s 的登记已更新 / the register of %[1]q is now:\n  signatories: %[2]s\n  scope: %[3]s\n",
		org.Name, listOrNone(org.Signatories), listOrNone(org.Scope))
	return nil
}

// registerFlags are a certification body's register as --signatory and
// --scope give it (pcf keys create, pcf orgs register): each value
// trimmed and a blank one dropped, so that ” gives none; a scope split at
// commas. gave* say which flags were given.
type registerFlags struct {
	signatories, scope         []string
	gaveSignatories, gaveScope bool
}

// addRegisterFlags adds --signatory and --scope to fs, with these usages.
func addRegisterFlags(fs *flag.FlagSet, signatoryUsage, scopeUsage string) *registerFlags {
	r := &registerFlags{}
	fs.Func("signatory", signatoryUsage, func(v string) error {
		r.gaveSignatories = true
		if v = strings.TrimSpace(v); v != "" {
			r.signatories = append(r.signatories, v)
		}
		return nil
	})
	fs.Func("scope", scopeUsage, func(v string) error {
		r.gaveScope = true
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				r.scope = append(r.scope, c)
			}
		}
		return nil
	})
	return r
}

// listOrNone writes a register's list for people: its entries, or a
// word saying none is checked.
func listOrNone(list []string) string {
	if len(list) == 0 {
		return "(无,不检查 / none: not checked)"
	}
	return strings.Join(list, ", ")
}

// warnRestoredRegisters writes, at the first start on a restored copy,
// the certification bodies whose register the restore affects, by name:
// those with a register, which issue nothing until the operator states it
// again (red team 73: the copy's may hold a signatory removed since), and
// those without one. These are not held: the copy cannot tell a body that
// was never given a register from one the operator gave one after the copy
// was taken, whose register the restore dropped, and holding every body
// without one would stop each until the operator stated an empty register.
// So the operator is told which to check against the bodies' CNCA files.
func warnRestoredRegisters(ctx context.Context, auth *factordb.AuthService, w io.Writer) error {
	orgs, err := auth.FindOrganizations(ctx)
	if err != nil {
		return err
	}
	var held, none []string
	for _, o := range orgs {
		switch {
		case o.Role != access.RoleCertifier:
		case len(o.Signatories) == 0 && len(o.Scope) == 0:
			none = append(none, fmt.Sprintf("%q", o.Name))
		default:
			if o, err = auth.FindOrganizationByName(ctx, o.Name); err != nil {
				return err
			} else if o.RegisterPending {
				held = append(held, fmt.Sprintf("%q", o.Name))
			}
		}
	}
	if len(held) > 0 {
		fmt.Fprintf(w, "WARNING 警告: 以下认证机构的授权签字人与批准范围登记是副本中的,运营方按其在认监委的登记重新确认前不签发 / "+
			"the register of these certification bodies is the copy's, and they issue nothing until the operator states it again from their CNCA files (pcf orgs register): %s\n", strings.Join(held, ", "))
	}
	if len(none) > 0 {
		fmt.Fprintf(w, "WARNING 警告: 以下认证机构在副本中没有授权签字人与批准范围登记,签发时不核对;副本之后给出的登记已随恢复丢失,副本无从分辨:请按各机构在认监委的登记核对,有登记的用 pcf orgs register 重新给出 / "+
			"these certification bodies have no register of signatories and scope in the copy, and their issues are not checked against one; a register given to one after the copy was taken is lost with the rest, and the copy cannot tell which: check each against its CNCA file and state any register it has (pcf orgs register): %s\n", strings.Join(none, ", "))
	}
	return nil
}
