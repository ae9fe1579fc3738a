package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/triage/triage/processors"
)

// A frozen set may come with a kinds.tsv beside its data files (file, id,
// hard, comma-separated kinds; internal/eval/testdata/frozen/*/README.md):
// its author's own label of which emails carry injected text (a kind that
// starts with "inj"). InjectedItems cannot see injection that the
// decoder's detector misses, since the rules share that detector; with the
// labels the report also counts, on the emails labelled injected, the
// extracted items that match no gold item: an upper bound on items taken
// from injected text that no detector decides.

// InjectedIDs returns the ids of the records of data labelled as carrying
// injected text by the kinds.tsv in data's directory, or nil when there is
// none. A kinds.tsv that cannot be read or has a short row is an error.
func InjectedIDs(data string) (map[string]bool, error) {
	path := filepath.Join(filepath.Dir(data), "kinds.tsv")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eval: injected labels: %w", err)
	}
	defer f.Close()
	ids, base := map[string]bool{}, filepath.Base(data)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), "\t")
		if n == 1 && len(cols) > 0 && cols[0] == "file" {
			continue // the header
		}
		if len(cols) < 4 {
			return nil, fmt.Errorf("eval: %s:%d: want 4 tab-separated columns (file, id, hard, kinds), got %d", path, n, len(cols))
		}
		if cols[0] != base {
			continue
		}
		for _, k := range strings.Split(cols[3], ",") {
			if strings.HasPrefix(strings.TrimSpace(k), "inj") {
				ids[cols[1]] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: injected labels: %s: %w", path, err)
	}
	return ids, nil
}

// unmatchedItems counts the extracted items that match no gold item under
// Overlap (on an email whose gold is no order, every extracted item).
func unmatchedItems(gold, pred processors.Order) int {
	if !gold.IsOrder {
		return len(pred.Items)
	}
	n := 0
	for _, used := range overlapUsed(gold.Items, pred.Items) {
		if !used {
			n++
		}
	}
	return n
}
