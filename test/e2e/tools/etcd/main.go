// Command etcd is etcd's server, built from the pinned go.etcd.io/etcd/server/v3
// release. etcd's own main package lives in a module (go.etcd.io/etcd/v3) that
// is not meant to be depended on, so this wraps etcdmain the same way it does.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
