//! Group commit: a writer task takes everything that queued while the groups in flight
//! committed and writes it as the next group, then answers each job. Under load the groups
//! grow by themselves; a lone job waits for nobody. Invoice deposits and flux deposits both
//! go through it.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};

use crate::Store;

/// Starts the writer task: `commit` writes one group with `store` (a store without queues
/// of its own, so that the task ends when the last handle on the queue is dropped), with up
/// to `en_vol` groups committing at once. A new group is only taken when one of them is
/// done, so that what queues meanwhile makes the next group larger.
pub(crate) fn start<J, C, F>(
    store: &Store,
    max_group: usize,
    en_vol: usize,
    commit: C,
) -> mpsc::Sender<J>
where
    J: Send + 'static,
    C: Fn(Store, Vec<J>) -> F + Send + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let (queue, mut receiver) = mpsc::channel(max_group * 64);
    let store = store.clone();
    let places = Arc::new(Semaphore::new(en_vol.max(1)));
    tokio::spawn(async move {
        let mut group = Vec::with_capacity(max_group);
        while let Ok(place) = Arc::clone(&places).acquire_owned().await
            && receiver.recv_many(&mut group, max_group).await > 0
        {
            let commit = commit(store.clone(), std::mem::take(&mut group));
            tokio::spawn(async move {
                commit.await;
                drop(place);
            });
        }
    });
    queue
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The next group to start; a group that never starts fails the test instead of hanging it.
    async fn suivant(commencee: &mut mpsc::UnboundedReceiver<Vec<u32>>) -> Vec<u32> {
        let attente = std::time::Duration::from_secs(10);
        tokio::time::timeout(attente, commencee.recv()).await.unwrap().unwrap()
    }

    #[tokio::test]
    async fn groups_commit_side_by_side_and_what_queues_meanwhile_makes_the_next() {
        let store = Store::connect("sqlite::memory:", 1).await.unwrap();
        let (commencees, mut commencee) = mpsc::unbounded_channel();
        let fins = Arc::new(Semaphore::new(0));
        let attente = Arc::clone(&fins);
        let queue = start(&store, 8, 2, move |_, jobs: Vec<u32>| {
            let (commencees, attente) = (commencees.clone(), Arc::clone(&attente));
            async move {
                commencees.send(jobs).unwrap();
                attente.acquire().await.unwrap().forget();
            }
        });
        queue.send(1).await.unwrap();
        assert_eq!(suivant(&mut commencee).await, [1]);
        // The first group still commits: the second starts beside it.
        queue.send(2).await.unwrap();
        assert_eq!(suivant(&mut commencee).await, [2]);
        // Both slots taken: these wait, together.
        for job in [3, 4, 5] {
            queue.send(job).await.unwrap();
        }
        tokio::task::yield_now().await;
        assert!(commencee.try_recv().is_err(), "no third group while two commit");
        fins.add_permits(1);
        assert_eq!(suivant(&mut commencee).await, [3, 4, 5]);
        fins.add_permits(2);
    }
}
