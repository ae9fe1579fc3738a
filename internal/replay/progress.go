package replay

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// IsTerminal reports whether w is a character device (an interactive
// terminal), where progress refreshes in place.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Watch prints st's progress to w until ctx is done: on a terminal (tty)
// a block of lines refreshed in place twice a second (the total, then each
// unfinished partition, at most 12); otherwise the same lines, plain, every
// `every`. It blocks until ctx is done and leaves the cursor below its
// output.
func Watch(ctx context.Context, w io.Writer, tty bool, every time.Duration, st *State) {
	if tty {
		every = 500 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	shown := 0
	for {
		select {
		case <-ctx.Done():
			if tty && shown > 0 {
				fmt.Fprintf(w, "\033[%dA\033[J", shown) // the final summary replaces it
			}
			return
		case <-t.C:
		}
		lines := progressLines(st, time.Now(), 12)
		if !tty {
			for _, l := range lines {
				fmt.Fprintln(w, l)
			}
			continue
		}
		var b strings.Builder
		if shown > 0 {
			fmt.Fprintf(&b, "\033[%dA", shown)
		}
		for _, l := range lines {
			b.WriteString("\033[K" + l + "\n")
		}
		b.WriteString("\033[J")
		io.WriteString(w, b.String())
		shown = len(lines)
	}
}

// progressLines renders the total and up to maxParts unfinished partitions:
// done/total offsets, percentage, rate since the start and ETA.
func progressLines(st *State, now time.Time, maxParts int) []string {
	elapsed := now.Sub(st.start).Seconds()
	var done, total int64
	parts := st.progress()
	finished := 0
	var rows []string
	for _, p := range parts {
		done, total = done+p.done, total+p.Len()
		if p.done >= p.Len() {
			finished++
			continue
		}
		if len(rows) < maxParts {
			rows = append(rows, "  "+ProgressRow(fmt.Sprintf("%s/%d", p.Topic, p.Partition), p.done, p.Len(), elapsed))
		}
	}
	c := st.Counts()
	head := fmt.Sprintf("replay %s · partitions %d/%d done · published %d, dead-lettered %d, unchanged %d, skipped %d",
		ProgressRow("total", done, total, elapsed), finished, len(parts), c.Published, c.DeadLettered, c.Unchanged, c.SkippedOutside+c.SkippedNotFallback)
	if hidden := len(parts) - finished - len(rows); hidden > 0 {
		rows = append(rows, fmt.Sprintf("  … %d more partitions", hidden))
	}
	return append([]string{head}, rows...)
}

// ProgressRow is one progress figure: "name done/total (pct%) rate/s ETA d",
// the rate since the start elapsed seconds ago (dead-letter re-drive prints
// its progress with it too).
func ProgressRow(name string, done, total int64, elapsed float64) string {
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed
	}
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %d/%d (%.1f%%) %.1f/s ETA %s", name, done, total, pct, rate, eta)
}
