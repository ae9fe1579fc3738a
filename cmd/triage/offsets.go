package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/triage/triage/internal/replay"
)

// cmdOffsets is "triage offsets reset": move a stopped group's committed
// offsets on one topic to the earliest offset, a time or an offset. It is a
// dry run unless --execute; it refuses (exit 1) while the group has
// members. Exit code: 0 done, 1 refused or failed, 2 usage error.
func cmdOffsets(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	const use = "usage: triage offsets reset --group G --topic T (--to-time RFC3339 | --to-earliest | --to-offset N) [--execute] [--config FILE] [flags]"
	if len(args) == 0 || args[0] != "reset" {
		fmt.Fprintln(stderr, use)
		return 2
	}
	fs := flag.NewFlagSet("triage offsets reset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	group := fs.String("group", "", "consumer group (default: kafka.group_id)")
	topic := fs.String("topic", "", "topic whose committed offsets move (required)")
	toTime := fs.String("to-time", "", "move to the first offset at or after this RFC 3339 time")
	toEarliest := fs.Bool("to-earliest", false, "move to the earliest offset")
	toOffset := fs.Int64("to-offset", -1, "move to this offset on every partition (clamped to each partition's range)")
	execute := fs.Bool("execute", false, "commit the new offsets (default: print them only)")
	cfg, ok := loadConfig(fs, args[1:], lookup, stderr)
	if !ok {
		return 2
	}
	if *group == "" {
		*group = cfg.Kafka.GroupID
	}
	to := replay.ResetTo{Earliest: *toEarliest, Offset: *toOffset}
	n := 0
	if *toEarliest {
		n++
	}
	if *toOffset >= 0 {
		n++
	}
	if *toTime != "" {
		n++
		var err error
		if to.Time, err = time.Parse(time.RFC3339, *toTime); err != nil {
			fmt.Fprintf(stderr, "triage offsets reset: --to-time %q is not RFC 3339 (e.g. 2026-11-01T00:00:00Z)\n", *toTime)
			return 2
		}
	}
	if *topic == "" || n != 1 {
		fmt.Fprintf(stderr, "triage offsets reset: need --topic and exactly one of --to-time, --to-earliest, --to-offset\n%s\n", use)
		return 2
	}
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		fmt.Fprintf(stderr, "triage offsets reset: %v\n", err)
		return 2
	}
	changes, err := replay.ResetOffsets(ctx, cluster, *group, *topic, to, *execute)
	if err != nil {
		fmt.Fprintf(stderr, "triage offsets reset: %v\n", err)
		if errors.Is(err, replay.ErrGroupActive) {
			fmt.Fprintln(stderr, "nothing changed")
		}
		return 1
	}
	replay.PrintChanges(stdout, *group, *topic, changes, *execute)
	return 0
}
