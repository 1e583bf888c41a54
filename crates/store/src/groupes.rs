//! Group commit: one writer task takes everything that queued while its last transaction
//! committed and writes it as the next group, then answers each job. Under load the groups
//! grow by themselves; a lone job waits for nobody. Invoice deposits and flux deposits both
//! go through it.

use std::future::Future;

use tokio::sync::mpsc;

use crate::Store;

/// Starts the writer task: `commit` writes one group with `store` (a store without queues
/// of its own, so that the task ends when the last handle on the queue is dropped).
pub(crate) fn start<J, C, F>(store: &Store, max_group: usize, commit: C) -> mpsc::Sender<J>
where
    J: Send + 'static,
    C: Fn(Store, Vec<J>) -> F + Send + 'static,
    F: Future<Output = ()> + Send,
{
    let (queue, mut receiver) = mpsc::channel(max_group * 64);
    let store = store.clone();
    tokio::spawn(async move {
        let mut group = Vec::with_capacity(max_group);
        while receiver.recv_many(&mut group, max_group).await > 0 {
            commit(store.clone(), std::mem::take(&mut group)).await;
        }
    });
    queue
}
