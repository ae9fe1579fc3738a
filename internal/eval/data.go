package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/triage/triage/processors/rules"
)

// labelled is one case read from a data file, with its line number.
type labelled[G any] struct {
	rules.Case[G]
	line int
}

// maxLine bounds one JSONL line (a case with a long email body).
const maxLine = 16 << 20

// loadCases reads the JSONL cases in the file at path, strictly: an unknown
// key, a malformed line or a gold label that check rejects is an error naming
// the file and line. Blank lines are skipped; a case without an id gets
// "line N".
func loadCases[G any](path string, check func(G) error) ([]labelled[G], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var out []labelled[G]
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var c rules.Case[G]
		err := dec.Decode(&c)
		if err == nil && dec.More() {
			err = errors.New("more than one JSON value on the line")
		}
		if err == nil {
			err = check(c.Gold)
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s line %d: %w", path, n, err)
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("line %d", n)
		}
		out = append(out, labelled[G]{c, n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: %s: no cases", path)
	}
	return out, nil
}

func checkRouteGold(g rules.RouteGold) error {
	if strings.TrimSpace(g.Queue) == "" {
		return errors.New(`gold.queue is missing or empty`)
	}
	return nil
}

func checkOrderGold(g rules.OrderGold) error {
	if !g.IsOrder && len(g.Items) > 0 {
		return errors.New("gold has items but is_order is false")
	}
	for i, it := range g.Items {
		if it.Quantity <= 0 {
			return fmt.Errorf("gold.items[%d].quantity %d: want a positive integer", i, it.Quantity)
		}
		if it.Product == "" && it.SKU == "" {
			return fmt.Errorf("gold.items[%d] has neither product nor sku", i)
		}
	}
	return nil
}
