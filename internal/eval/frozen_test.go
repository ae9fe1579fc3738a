package eval

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/triage/triage/schemas"
)

// frozenRoot holds the frozen labelled sets of issue 11 part 8, one dated
// directory each. A frozen set is written, hashed and committed before any
// engine sees it; these tests make sure it is never edited afterwards (to fit
// the rules) and that every record is a live input event plus a valid gold.
const frozenRoot = "testdata/frozen/"

// frozenDirs lists the dated directories under frozenRoot; it fails the test
// if there are none, so a moved root cannot make the checks vacuous.
func frozenDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(frozenRoot + "20*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no frozen sets under %s (err %v)", frozenRoot, err)
	}
	return dirs
}

// TestFrozenSetsUnchanged fails if any frozen file differs from the hash in
// its directory's SHA256SUMS, or if a data file there is not hashed at all.
func TestFrozenSetsUnchanged(t *testing.T) {
	for _, dir := range frozenDirs(t) {
		if err := checkFrozenSums(dir); err != nil {
			t.Errorf("%v: a frozen set must never change; write a new dated set instead", err)
		}
	}
}

// TestFrozenSetsDecode checks every record of every frozen set: the record
// minus gold is a valid ticket.v1 or email.v1 input, its gold is valid, ids
// are unique, and kinds.tsv names each record exactly once.
func TestFrozenSetsDecode(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range frozenDirs(t) {
		ids := map[string]string{}
		for _, f := range []struct {
			name, schema string
			gold         func(json.RawMessage, map[string]json.RawMessage) error
		}{
			{"tickets.jsonl", schemas.Ticket, checkFrozenTicketGold},
			{"emails.jsonl", schemas.Email, checkFrozenEmailGold},
		} {
			n, err := checkFrozenRecords(set, filepath.Join(dir, f.name), f.schema, f.gold, ids)
			if err != nil {
				t.Error(err)
			} else if n == 0 {
				t.Errorf("%s/%s: no records", dir, f.name)
			}
		}
		if err := checkFrozenKinds(filepath.Join(dir, "kinds.tsv"), ids); err != nil {
			t.Error(err)
		}
	}
}

// TestFrozenChecksCanFail shows the checks reject a tampered file, an unhashed
// file, a record with an unknown field and a gold with an item on a non-order.
func TestFrozenChecksCanFail(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := sha256.Sum256([]byte("a\n"))
	write("SHA256SUMS", hex.EncodeToString(sum[:])+"  emails.jsonl\n")
	write("emails.jsonl", "a\n")
	if err := checkFrozenSums(dir); err != nil {
		t.Fatalf("untouched file rejected: %v", err)
	}
	write("emails.jsonl", "b\n")
	if err := checkFrozenSums(dir); err == nil {
		t.Error("an edited file passed")
	}
	write("emails.jsonl", "a\n")
	write("kinds.tsv", "x\n")
	if err := checkFrozenSums(dir); err == nil {
		t.Error("an unhashed data file passed")
	}

	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	email := `{"message_id":"<m@x>","from":"a@x.example","to":["b@x.example"],"subject":"s","text":"t","received_at":"2026-11-29T10:00:00Z",%s"gold":%s}`
	for name, line := range map[string]string{
		"unknown field":       fmt.Sprintf(email, `"channel":"email",`, `{"is_order":false,"order_ref":"","currency":"","items":[]}`),
		"items on non-order":  fmt.Sprintf(email, "", `{"is_order":false,"order_ref":"","currency":"","items":[{"product":"p","quantity":1}]}`),
		"zero quantity":       fmt.Sprintf(email, "", `{"is_order":true,"order_ref":"","currency":"","items":[{"product":"p","quantity":0}]}`),
		"unknown gold key":    fmt.Sprintf(email, "", `{"is_order":true,"order_ref":"","currency":"","items":[{"product":"p","quantity":1}],"kind":"x"}`),
		"missing gold fields": fmt.Sprintf(email, "", `{"is_order":true}`),
	} {
		write("emails.jsonl", line+"\n")
		if _, err := checkFrozenRecords(set, filepath.Join(dir, "emails.jsonl"), schemas.Email, checkFrozenEmailGold, map[string]string{}); err == nil {
			t.Errorf("%s: passed", name)
		}
	}
}

// checkFrozenSums verifies every "HEX  NAME" line of dir/SHA256SUMS and that every
// *.jsonl and *.tsv file in dir is listed.
func checkFrozenSums(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		want, name, ok := strings.Cut(line, "  ")
		if !ok {
			return fmt.Errorf("%s/SHA256SUMS: bad line %q", dir, line)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != want {
			return fmt.Errorf("%s/%s: sha256 %x, SHA256SUMS says %s", dir, name, got, want)
		}
		listed[name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if (strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".tsv")) && !listed[n] {
			return fmt.Errorf("%s/%s: not in SHA256SUMS", dir, n)
		}
	}
	return nil
}

// checkFrozenRecords validates each line of path: the record minus gold against
// the named schema, the gold with check. It records each id (ticket_id or
// message_id) in ids, file-qualified, and rejects duplicates.
func checkFrozenRecords(set *schemas.Set, path, schema string, check func(json.RawMessage, map[string]json.RawMessage) error, ids map[string]string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	n := 0
	for line := 1; sc.Scan(); line++ {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return n, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		gold, ok := rec["gold"]
		if !ok {
			return n, fmt.Errorf("%s line %d: no gold", path, line)
		}
		delete(rec, "gold")
		input, _ := json.Marshal(rec)
		if err := set.ValidateJSON(schema, input); err != nil {
			return n, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if err := check(gold, rec); err != nil {
			return n, fmt.Errorf("%s line %d: gold: %w", path, line, err)
		}
		var id string
		if err := json.Unmarshal(append(rec["ticket_id"], rec["message_id"]...), &id); err != nil {
			return n, fmt.Errorf("%s line %d: id: %w", path, line, err)
		}
		key := filepath.Base(path) + "\t" + id
		if prev, dup := ids[key]; dup {
			return n, fmt.Errorf("%s line %d: id %s already on %s", path, line, id, prev)
		}
		ids[key] = fmt.Sprintf("line %d", line)
		n++
	}
	return n, sc.Err()
}

// frozenDecode decodes raw into v, rejecting unknown keys.
func frozenDecode(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

var (
	frozenQueues   = map[string]bool{"billing": true, "technical": true, "account": true, "shipping": true, "returns": true, "sales": true, "other": true}
	frozenChannels = map[string]bool{"email": true, "chat": true, "web": true, "phone": true}
	frozenCurrency = regexp.MustCompile(`^[A-Z]{3}$`)
)

func checkFrozenTicketGold(raw json.RawMessage, rec map[string]json.RawMessage) error {
	var g struct{ Queue string }
	if err := frozenDecode(raw, &g); err != nil {
		return err
	}
	if !frozenQueues[g.Queue] {
		return fmt.Errorf("queue %q is not a default queue", g.Queue)
	}
	var ch string
	_ = json.Unmarshal(rec["channel"], &ch)
	if !frozenChannels[ch] {
		return fmt.Errorf("channel %q: want email, chat, web or phone", ch)
	}
	return nil
}

func checkFrozenEmailGold(raw json.RawMessage, _ map[string]json.RawMessage) error {
	var g struct {
		IsOrder  *bool   `json:"is_order"`
		OrderRef *string `json:"order_ref"`
		Currency *string `json:"currency"`
		Items    []struct {
			Product   *string  `json:"product"`
			SKU       *string  `json:"sku"`
			Quantity  int      `json:"quantity"`
			UnitPrice *float64 `json:"unit_price"`
		} `json:"items"`
	}
	if err := frozenDecode(raw, &g); err != nil {
		return err
	}
	if g.IsOrder == nil || g.OrderRef == nil || g.Currency == nil || g.Items == nil {
		return errors.New("want is_order, order_ref, currency and items")
	}
	if *g.Currency != "" && !frozenCurrency.MatchString(*g.Currency) {
		return fmt.Errorf("currency %q: want an ISO 4217 code or empty", *g.Currency)
	}
	if !*g.IsOrder && (len(g.Items) > 0 || *g.OrderRef != "" || *g.Currency != "") {
		return errors.New("a non-order has items, an order_ref or a currency")
	}
	if *g.IsOrder && len(g.Items) == 0 {
		return errors.New("an order without items")
	}
	for i, it := range g.Items {
		switch {
		case it.Product == nil:
			return fmt.Errorf("items[%d]: no product", i)
		case *it.Product == "" && (it.SKU == nil || *it.SKU == ""):
			return fmt.Errorf("items[%d]: neither product nor sku", i)
		case it.SKU != nil && *it.SKU == "":
			return fmt.Errorf("items[%d]: empty sku (leave it out instead)", i)
		case it.Quantity <= 0:
			return fmt.Errorf("items[%d]: quantity %d", i, it.Quantity)
		case it.UnitPrice != nil && *it.UnitPrice <= 0:
			return fmt.Errorf("items[%d]: unit_price %v", i, *it.UnitPrice)
		}
	}
	return nil
}

// checkFrozenKinds verifies path (file, id, hard, kinds; a header row first) names
// every id in ids exactly once and nothing else.
func checkFrozenKinds(path string, ids map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "file\tid\thard\tkinds" {
		return fmt.Errorf("%s: want the header file, id, hard, kinds", path)
	}
	seen := map[string]bool{}
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 4 || (f[2] != "0" && f[2] != "1") || f[3] == "" {
			return fmt.Errorf("%s line %d: want file, id, hard 0/1, kinds", path, i+2)
		}
		key := f[0] + "\t" + f[1]
		if _, ok := ids[key]; !ok || seen[key] {
			return fmt.Errorf("%s line %d: %s is not a record or is listed twice", path, i+2, key)
		}
		seen[key] = true
	}
	if len(seen) != len(ids) {
		return fmt.Errorf("%s: %d rows for %d records", path, len(seen), len(ids))
	}
	return nil
}

// TestFrozenREADMECounts checks the figures each frozen set's README states
// in its "**Tickets (N)**" and "**Emails (N)**" paragraphs against the data:
// the queue counts, the order, item, price, sku, ref and currency counts,
// "N are marked hard" and every "kind n" of the "Kinds…:" list (which must
// name every kind of that file).
func TestFrozenREADMECounts(t *testing.T) {
	for _, dir := range frozenDirs(t) {
		if err := checkFrozenREADME(dir); err != nil {
			t.Errorf("%s/README.md: %v", dir, err)
		}
	}
}

var (
	frozenTicketsRe = regexp.MustCompile(`^\*\*Tickets \((\d+)\)\*\*: (.*?)\.`)
	frozenEmailsRe  = regexp.MustCompile("^\\*\\*Emails \\((\\d+)\\)\\*\\*: (\\d+) orders with (\\d+) gold items \\((\\d+) with a unit price, (\\d+) with a `sku`; (\\d+) orders have an `order_ref`, (\\d+) a currency\\), (\\d+) not orders")
	frozenHardRe    = regexp.MustCompile(`(\d+) (?:are|is) marked hard`)
	frozenKindsRe   = regexp.MustCompile(`Kinds[^:]*:(.*?)\.(?: |$)`)
	frozenPairRe    = regexp.MustCompile(`\b([a-z][a-z0-9_]*) (\d+)\b`)
)

// frozenFacts counts one frozen file: counts["records"], per-queue counts,
// the email figures, "hard" and "kind:NAME" from kinds.tsv.
func frozenFacts(dir, file string) (map[string]int, error) {
	c := map[string]int{}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			Gold struct {
				Queue    string `json:"queue"`
				IsOrder  bool   `json:"is_order"`
				OrderRef string `json:"order_ref"`
				Currency string `json:"currency"`
				Items    []struct {
					SKU       string   `json:"sku"`
					UnitPrice *float64 `json:"unit_price"`
				} `json:"items"`
			} `json:"gold"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, err
		}
		g := r.Gold
		c["records"]++
		c["queue:"+g.Queue]++
		if g.IsOrder {
			c["orders"]++
		} else {
			c["not orders"]++
		}
		c["items"] += len(g.Items)
		for _, it := range g.Items {
			if it.UnitPrice != nil {
				c["priced"]++
			}
			if it.SKU != "" {
				c["sku"]++
			}
		}
		if g.OrderRef != "" {
			c["refs"]++
		}
		if g.Currency != "" {
			c["currency"]++
		}
	}
	kinds, err := os.ReadFile(filepath.Join(dir, "kinds.tsv"))
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(strings.TrimSpace(string(kinds)), "\n")[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 4 || f[0] != file {
			continue
		}
		if f[2] == "1" {
			c["hard"]++
		}
		for _, k := range strings.Split(f[3], ",") {
			c["kind:"+k]++
		}
	}
	return c, nil
}

// checkFrozenREADME compares dir/README.md's count paragraphs with the data.
func checkFrozenREADME(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return err
	}
	paras := map[string]string{}
	for _, p := range strings.Split(string(data), "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		for _, f := range []string{"tickets.jsonl", "emails.jsonl"} {
			if strings.HasPrefix(p, "**"+strings.ToUpper(f[:1])+f[1:strings.Index(f, ".")]+" (") {
				paras[f] = p
			}
		}
	}
	for _, file := range []string{"tickets.jsonl", "emails.jsonl"} {
		p, ok := paras[file]
		if !ok {
			return fmt.Errorf("no count paragraph for %s", file)
		}
		c, err := frozenFacts(dir, file)
		if err != nil {
			return err
		}
		want := map[string]string{}
		if file == "tickets.jsonl" {
			m := frozenTicketsRe.FindStringSubmatch(p)
			if m == nil {
				return fmt.Errorf("tickets: no %q", frozenTicketsRe)
			}
			want["records"] = m[1]
			for _, q := range frozenPairRe.FindAllStringSubmatch(m[2], -1) {
				want["queue:"+q[1]] = q[2]
			}
			for q := range frozenQueues {
				if _, ok := want["queue:"+q]; !ok && c["queue:"+q] > 0 {
					return fmt.Errorf("tickets: queue %s (%d) not stated", q, c["queue:"+q])
				}
			}
		} else {
			m := frozenEmailsRe.FindStringSubmatch(p)
			if m == nil {
				return fmt.Errorf("emails: no %q", frozenEmailsRe)
			}
			for i, k := range []string{"records", "orders", "items", "priced", "sku", "refs", "currency", "not orders"} {
				want[k] = m[i+1]
			}
		}
		if m := frozenHardRe.FindStringSubmatch(p); m != nil {
			want["hard"] = m[1]
		} else {
			return fmt.Errorf("%s: no hard count", file)
		}
		m := frozenKindsRe.FindStringSubmatch(p)
		if m == nil {
			return fmt.Errorf("%s: no Kinds list", file)
		}
		for _, k := range frozenPairRe.FindAllStringSubmatch(m[1], -1) {
			want["kind:"+k[1]] = k[2]
		}
		for k, n := range c {
			if _, ok := want[k]; !ok && strings.HasPrefix(k, "kind:") {
				return fmt.Errorf("%s: %s (%d) not in the Kinds list", file, k, n)
			}
		}
		for k, w := range want {
			if got := fmt.Sprint(c[k]); got != w {
				return fmt.Errorf("%s: README says %s %s, the data %s", file, k, w, got)
			}
		}
	}
	return nil
}

// TestFrozenREADMECountsCanFail shows a stated figure that the data does not
// bear out, and a kind the list leaves out, are rejected.
func TestFrozenREADMECountsCanFail(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tickets.jsonl", `{"gold":{"queue":"sales"}}`+"\n")
	write("emails.jsonl", `{"gold":{"is_order":true,"order_ref":"","currency":"EUR","items":[{"product":"p","quantity":2,"unit_price":1.5}]}}`+"\n")
	write("kinds.tsv", "file\tid\thard\tkinds\ntickets.jsonl\tT1\t1\tterse\nemails.jsonl\tE1\t0\tunits\n")
	readme := func(tickets, emails string) string {
		return "# x\n\n**Tickets (1)**: sales 1. 1 is marked hard.\nKinds: " + tickets +
			".\n\n**Emails (1)**: 1 orders with 1 gold items (1 with a unit price, 0 with a `sku`; 0 orders have an `order_ref`, 1 a currency), 0 not orders. 0 are marked hard.\nKinds: " + emails + ".\n"
	}
	write("README.md", readme("terse 1", "units 1"))
	if err := checkFrozenREADME(dir); err != nil {
		t.Fatalf("true README rejected: %v", err)
	}
	for name, r := range map[string]string{
		"wrong kind count": readme("terse 2", "units 1"),
		"kind left out":    readme("terse 1", "hedged 0"),
		"wrong total":      strings.Replace(readme("terse 1", "units 1"), "**Emails (1)**", "**Emails (2)**", 1),
	} {
		write("README.md", r)
		if err := checkFrozenREADME(dir); err == nil {
			t.Errorf("%s: passed", name)
		}
	}
}
