package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// columns are the CSV header, in any order; sku and name are required.
var columns = []string{"sku", "name", "aliases", "unit_price", "currency"}

func parseCSV(data []byte) ([]Entry, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: header: %w (want %s)", err, strings.Join(columns, ","))
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !contains(columns, h) {
			return nil, fmt.Errorf("line 1: unknown column %q (want %s)", h, strings.Join(columns, ","))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("line 1: column %q twice", h)
		}
		col[h] = i
	}
	for _, need := range []string{"sku", "name"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("line 1: header lacks column %q", need)
		}
	}
	var es []Entry
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, err // csv.ParseError names the line
		}
		if len(rec) != len(head) {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), len(head))
		}
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := Entry{SKU: get("sku"), Name: get("name"), Currency: get("currency")}
		if a := get("aliases"); a != "" {
			e.Aliases = strings.Split(a, "|")
		}
		if p := get("unit_price"); p != "" {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: field unit_price %q: not a number (write 12.50)", line, p)
			}
			e.UnitPrice = &f
		}
		if err := add(&es, seen, e, line); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// jsonEntry is one JSONL line; unknown keys are refused.
type jsonEntry struct {
	SKU       string   `json:"sku"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases"`
	UnitPrice *float64 `json:"unit_price"`
	Currency  string   `json:"currency"`
}

func parseJSONL(data []byte) ([]Entry, error) {
	var es []Entry
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var j jsonEntry
		if err := dec.Decode(&j); err != nil {
			return nil, fmt.Errorf("line %d: %w (keys: %s)", line, err, strings.Join(columns, ", "))
		}
		e := Entry{SKU: strings.TrimSpace(j.SKU), Name: strings.TrimSpace(j.Name), Aliases: j.Aliases, UnitPrice: j.UnitPrice, Currency: strings.TrimSpace(j.Currency)}
		if err := add(&es, seen, e, line); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return es, nil
}

// add checks e (read on line) and appends it.
func add(es *[]Entry, seen map[string]int, e Entry, line int) error {
	bad := func(field, format string, a ...any) error {
		return fmt.Errorf("line %d: field %s: %s", line, field, fmt.Sprintf(format, a...))
	}
	switch {
	case e.SKU == "" || utf8.RuneCountInString(e.SKU) > MaxSKU || !printable(e.SKU):
		return bad("sku", "want 1 to %d printable characters, got %q", MaxSKU, e.SKU)
	case e.Name == "" || utf8.RuneCountInString(e.Name) > MaxName || !printable(e.Name):
		return bad("name", "want 1 to %d printable characters, got %q", MaxName, e.Name)
	case e.UnitPrice != nil && (math.IsNaN(*e.UnitPrice) || math.IsInf(*e.UnitPrice, 0) || *e.UnitPrice < 0):
		return bad("unit_price", "%v is not a price (a number not below 0)", *e.UnitPrice)
	case e.UnitPrice != nil && !iso(e.Currency):
		return bad("currency", "%q: a price needs its ISO 4217 currency, e.g. EUR", e.Currency)
	case e.Currency != "" && !iso(e.Currency):
		return bad("currency", "%q is not 3 upper-case letters (ISO 4217)", e.Currency)
	}
	var as []string
	for _, a := range e.Aliases {
		if a = strings.TrimSpace(a); a == "" || utf8.RuneCountInString(a) > MaxName || !printable(a) {
			return bad("aliases", "each alias 1 to %d printable characters, got %q", MaxName, a)
		}
		as = append(as, a)
	}
	e.Aliases = as
	k := strings.ToLower(e.SKU)
	if first, dup := seen[k]; dup {
		return bad("sku", "%q already on line %d", e.SKU, first)
	}
	seen[k] = line
	*es = append(*es, e)
	return nil
}

func iso(s string) bool {
	return len(s) == 3 && strings.ToUpper(s) == s && strings.IndexFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0
}

func printable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) < 0
}
