//! Clients: list, detail, create, edit, archive or delete.

use super::Store;
use crate::error::{CoreError, Result};
use crate::model::{
    Client, ClientDetail, ClientFilter, ClientInput, ClientSummary, DeleteResult, Id,
};

fn pending() -> CoreError {
    CoreError::InvalidState("not implemented yet".into())
}

impl Store {
    pub async fn list_clients(&self, _filter: &ClientFilter) -> Result<Vec<ClientSummary>> {
        Err(pending())
    }
    pub async fn get_client(&self, _id: Id) -> Result<ClientDetail> {
        Err(pending())
    }
    pub async fn create_client(&self, _input: &ClientInput) -> Result<Client> {
        Err(pending())
    }
    pub async fn update_client(
        &self,
        _id: Id,
        _input: &ClientInput,
        _expected_version: i64,
    ) -> Result<Client> {
        Err(pending())
    }
    pub async fn delete_client(&self, _id: Id) -> Result<DeleteResult> {
        Err(pending())
    }
    pub async fn unarchive_client(&self, _id: Id) -> Result<Client> {
        Err(pending())
    }
}
