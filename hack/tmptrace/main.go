package main

import (
	"fmt"
	"os"
	"time"

	"github.com/agentscale/agentscale/internal/spec"
)

func main() {
	t := time.Now()
	_, err := spec.Load(os.Args[1], nil, spec.Options{})
	d1 := time.Since(t)
	t = time.Now()
	_, err = spec.Load(os.Args[1], nil, spec.Options{})
	fmt.Println(d1, time.Since(t), err)
}
